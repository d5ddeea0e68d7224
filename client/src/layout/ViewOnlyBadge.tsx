/** Tells a viewer, before they try, that this link lets them look and listen but not change things. */
import { RoleIcon } from './roleCopy.tsx';

export function ViewOnlyBadge() {
  return (
    <span
      className="rb-view-only rb-icon-when-narrow"
      data-testid="view-only"
      title="You joined with a viewer link: you can look, listen and follow people, but not change anything. Ask the facilitator for an editor link to make changes."
    >
      <RoleIcon role="viewer" size={14} />
      <span className="rb-narrow-words">View only</span>
    </span>
  );
}

/**
 * Says who locked the board (F6): everyone but the facilitator is read-only until it is unlocked,
 * and anything changed offline meanwhile is kept on this device and saved at the unlock.
 */
import { useBoardLock, useRole } from '../room/roomHooks.ts';
import { LockIcon } from '../ui/LockIcon.tsx';

export function LockBanner() {
  const lock = useBoardLock();
  const role = useRole();
  if (!lock.locked) return null;
  const who = lock.by || 'The facilitator';
  return (
    <div className="rb-lock-banner" role="status" data-testid="lock-banner">
      <LockIcon />
      {role === 'facilitator'
        ? `The board is locked (by ${who}): only facilitators can change it. Unlock it from the agenda panel.`
        : `${who} locked the board for review: you can look and follow along, but not change anything until it is unlocked. Anything you changed offline is kept on this device and saved then.`}
    </div>
  );
}

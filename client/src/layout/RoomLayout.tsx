/** Top bar above; the canvas fills the rest, with the side-panel area on the right. */
import type { ReactNode } from 'react';
import { SidePanelArea, type PanelDefinition } from './SidePanelArea.tsx';
import { BacklogPanel } from '../panels/backlog/BacklogPanel.tsx';
import { TempoPanel } from '../panels/tempo/TempoPanel.tsx';
import { ReferencesPanel } from '../panels/references/ReferencesPanel.tsx';
import { AgendaPanel } from '../panels/agenda/AgendaPanel.tsx';
import { VersionsPanel } from '../panels/versions/VersionsPanel.tsx';
import { RestoreToast } from '../panels/versions/RestoreToast.tsx';
import { ActivityPanel } from '../panels/activity/ActivityPanel.tsx';
import { SinceVisitNotice } from './SinceVisitNotice.tsx';
import { RecordDock } from '../ui/RecordDock.tsx';
import { ActivityIcon, AgendaIcon, BacklogIcon, ReferencesIcon, TempoIcon, VersionsIcon } from './panelIcons.tsx';
import '../styles/activity.css';

/** Panels the room offers. Empty until the first panel (tempo map, references, …) ships. */
const PANELS: readonly PanelDefinition[] = [
  { id: 'tempo', title: 'Tempo', icon: TempoIcon, render: () => <TempoPanel /> },
  { id: 'backlog', title: 'Backlog', icon: BacklogIcon, render: () => <BacklogPanel /> },
  { id: 'references', title: 'References', shortTitle: 'Refs', icon: ReferencesIcon, render: () => <ReferencesPanel /> },
  { id: 'agenda', title: 'Agenda', icon: AgendaIcon, render: () => <AgendaPanel /> },
  { id: 'versions', title: 'Versions', icon: VersionsIcon, render: () => <VersionsPanel /> },
  { id: 'activity', title: 'Activity', icon: ActivityIcon, render: () => <ActivityPanel /> },
];

export function RoomLayout({ topBar, banner, children }: { topBar: ReactNode; banner?: ReactNode; children: ReactNode }) {
  return (
    <div className="rb-room">
      {topBar}
      {banner}
      <main className="rb-room-main">
        <div className="rb-room-canvas">
          {children}
          <SinceVisitNotice />
          <RecordDock />
        </div>
        <SidePanelArea panels={PANELS} />
      </main>
      <RestoreToast />
    </div>
  );
}

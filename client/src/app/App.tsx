import { HomePage } from '../home/HomePage.tsx';
import { MessagePage } from './MessagePage.tsx';
import { RoomPage } from './RoomPage.tsx';
import { parseRoute } from './route.ts';

export function App() {
  const route = parseRoute(window.location.pathname);
  switch (route.page) {
    case 'home':
      return <HomePage />;
    case 'room':
      return <RoomPage roomId={route.roomId} />;
    case 'notFound':
      return <MessagePage title="Page not found">Nothing lives at this address.</MessagePage>;
  }
}

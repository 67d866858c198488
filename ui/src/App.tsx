// The app's frame: the product bar and the current screen (for now, the mock preview).
import { PreviewScreen } from './preview/PreviewScreen';

export function App() {
  return (
    <div className="app">
      <div className="app-bar">
        <img className="app-bar__logo" src="/icon.png" alt="" width="20" height="20" />
        <span className="app-bar__name">Sync Central</span>
      </div>
      <PreviewScreen />
    </div>
  );
}

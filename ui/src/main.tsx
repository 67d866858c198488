// Entry point of the desktop UI: the app, wired to the Tauri backend.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { BackendContext, tauriBackend } from './backend';
import './styles.css';
import './layout.css';

const root = document.getElementById('root');
if (root === null) {
  throw new Error('index.html has no #root element');
}

createRoot(root).render(
  <StrictMode>
    <BackendContext value={tauriBackend}>
      <App />
    </BackendContext>
  </StrictMode>,
);

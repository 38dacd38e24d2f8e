import { createRoot } from 'react-dom/client';
import { createApiClient } from './api';
import { App } from './App';
import { createAppStore } from './store/store';
import './styles.css';

const useStore = createAppStore(createApiClient());
createRoot(document.getElementById('root')!).render(<App useStore={useStore} />);

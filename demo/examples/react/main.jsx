/** The React example's entry: defines the tag, mounts the form. Bundle with esbuild, Vite or Next. */
import 'ijazat-consent';
import { createRoot } from 'react-dom/client';
import { ConsentForm } from './consent-form.jsx';

const root = document.getElementById('root');
createRoot(root).render(<ConsentForm nonce={root.dataset.nonce} apiBase={root.dataset.apiBase} />);

/** The Vue example's entry: defines the tag, mounts the form. */
import 'ijazat-consent';
import { createApp, h } from 'vue';
import { ConsentForm } from './consent-form.js';

const root = document.getElementById('app')!;
createApp({ render: () => h(ConsentForm, { nonce: root.dataset.nonce!, apiBase: root.dataset.apiBase }) }).mount(root);

import { css } from 'lit';

// Formatted for people: the build takes the whitespace out (vite.config.ts, minifyTemplates).
// Logical properties throughout, so locale="ur" mirrors the layout with no extra rules.
// `--_name` properties are private: each resolves a public `--ijazat-*` property or its default.
export default css`
  :host {
    /* Light or dark as the page's color-scheme says (it is inherited), else light; theme="…" decides. */
    --_accent: var(--ijazat-color-accent, light-dark(#0a6b4a, #6fdcb0));
    --_on-accent: var(--ijazat-color-on-accent, light-dark(#fff, #05281b));
    --_text: var(--ijazat-color-text, light-dark(#1b1b1b, #f0f2f1));
    --_muted: var(--ijazat-color-muted, light-dark(#4d5557, #bcc5c2));
    --_background: var(--ijazat-color-background, light-dark(#fff, #161a19));
    --_border: var(--ijazat-color-border, light-dark(#6f777b, #98a29f));
    --_error: var(--ijazat-color-error, light-dark(#b3261e, #ffb4ab));
    --_success: var(--ijazat-color-success, light-dark(#0a6b4a, #6fdcb0));
    display: block;
    max-inline-size: var(--ijazat-max-width, 32rem);
    color: var(--_text);
    font: var(--ijazat-font, 1rem/1.5 system-ui, sans-serif);
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  :host([theme='auto']) {
    color-scheme: light dark;
  }
  /*
   * Urdu in Nastaliq, with the line height it needs. Latin faces come first: they have no Urdu
   * letters, so digits and Latin words stay Latin and the Urdu falls through to the Urdu faces.
   */
  [lang='ur'] {
    font: var(
      --ijazat-font-ur,
      1rem/2 Roboto,
      'Noto Sans',
      'Helvetica Neue',
      'Noto Nastaliq Urdu',
      'Jameel Noori Nastaleeq',
      'Noto Naskh Arabic',
      serif
    );
  }
  :host([hidden]) {
    display: none;
  }
  .base {
    background: var(--_background);
    border: 1px solid var(--_border);
    border-radius: var(--ijazat-radius, 0.5rem);
    padding: var(--ijazat-padding, 1rem 1.25rem);
  }
  p,
  ul {
    margin-block: 0 0.75rem;
  }
  .title {
    font-size: 1.2em;
    font-weight: 700;
  }
  .hint,
  .meta {
    color: var(--_muted);
  }
  label {
    display: block;
    font-weight: 700;
  }
  input {
    box-sizing: border-box;
    display: block;
    inline-size: 100%;
    max-inline-size: 17em;
    margin-block-end: 0.75rem;
    padding: 0.4em 0.5em;
    border: 2px solid var(--_border);
    border-radius: 0.25rem;
    background: var(--_background);
    color: var(--_text);
    font: inherit;
    font-size: 1.2em;
    letter-spacing: 0.08em;
  }
  [dir='rtl'] input {
    text-align: right;
  }
  #code {
    max-inline-size: 9em;
    letter-spacing: 0.3em;
  }
  [aria-invalid='true'] {
    border-color: var(--_error);
  }
  .error,
  .is-error {
    color: var(--_error);
    font-weight: 700;
    border-inline-start: 4px solid var(--_error);
    padding-inline-start: 0.75rem;
  }
  .is-error {
    color: inherit;
    font-weight: 400;
  }
  .is-success {
    border-inline-start: 4px solid var(--_success);
    padding-inline-start: 0.75rem;
    font-weight: 700;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: center;
  }
  button {
    font: inherit;
    font-weight: 700;
    cursor: pointer;
    border-radius: 0.25rem;
    padding: 0.5em 1em;
    border: 2px solid var(--_accent);
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .link {
    background: none;
    color: var(--_accent);
    border-color: transparent;
    text-decoration: underline;
    padding-inline: 0.25em;
  }
  /* Unavailable, not dimmed: opacity would fade the focus ring too. */
  [aria-disabled='true'] {
    cursor: not-allowed;
    background: none;
    color: var(--_muted);
    border-style: dashed;
  }
  :disabled {
    opacity: 0.6;
  }
  /* Two tones, as GOV.UK's: yellow inside, near-black outside, so it shows on any background. */
  :focus-visible {
    outline: 3px solid var(--ijazat-color-focus, #fd0);
    box-shadow: 0 0 0 6px #0b0c0c;
  }
  [tabindex='-1'] {
    outline: none;
    box-shadow: none;
  }
  details {
    margin-block-start: 0.75rem;
  }
  summary {
    color: var(--_accent);
    text-decoration: underline;
    cursor: pointer;
  }
  details p {
    margin-block: 0.5rem 0;
  }
  .spinner {
    display: inline-block;
    inline-size: 0.8em;
    block-size: 0.8em;
    margin-inline-end: 0.5em;
    border: 2px solid;
    border-block-start-color: transparent;
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  .skeleton div {
    block-size: 1em;
    margin-block: 0.6em;
    border-radius: 0.25rem;
    background: var(--_border);
    opacity: 0.3;
    animation: pulse 1.2s ease-in-out infinite alternate;
  }
  .skeleton div + div {
    inline-size: 70%;
  }
  .skeleton div + div + div {
    inline-size: 85%;
    block-size: 2.5em;
  }
  @keyframes spin {
    to {
      transform: rotate(1turn);
    }
  }
  @keyframes pulse {
    to {
      opacity: 0.5;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      animation: none !important;
    }
  }
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;

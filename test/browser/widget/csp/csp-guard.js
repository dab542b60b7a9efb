// Loaded first: records every CSP violation on this page, so the test can assert there were none.
window.__violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__violations.push(
    `${event.violatedDirective}: ${event.blockedURI || event.sample} (${event.sourceFile}:${event.lineNumber})`,
  );
});
// Only the test harness's simulator needs a Trusted Types policy: MSW registers its service worker
// from a script URL. The widget needs none (Lit makes its own 'lit-html' policy for templates).
window.trustedTypes.createPolicy('default', {
  createScriptURL: (url) => (new URL(url, location.href).pathname === '/mockServiceWorker.js' ? url : null),
});

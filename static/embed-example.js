// The host side of OsteoPlan's postMessage protocol (docs/clinic-it.md, "Embedding").
const frame = document.getElementById('osteoplan');
const appOrigin = new URL(frame.src, location.href).origin;
const send = document.getElementById('send');
const shown = document.getElementById('report');
let lastSent = null;

window.addEventListener('message', (event) => {
  // Only the framed app, at its own origin, may answer.
  if (event.source !== frame.contentWindow || event.origin !== appOrigin) return;
  if (event.data?.type === 'osteoplan.ready') {
    send.disabled = false;
    document.body.dataset.ready = event.data.version;
    // The frame keeps the case in memory only: after it reloads (a new version), send the case again.
    if (lastSent) frame.contentWindow.postMessage(lastSent, appOrigin);
  }
  if (event.data?.type === 'osteoplan.report') {
    shown.textContent = JSON.stringify(event.data, null, 2);
    document.body.dataset.reports = String(Number(document.body.dataset.reports ?? 0) + 1);
  }
});

send.addEventListener('click', () => {
  let c;
  try {
    c = JSON.parse(document.getElementById('case').value);
  } catch (error) {
    shown.textContent = `The case is not JSON: ${error.message}`;
    return;
  }
  const lang = document.getElementById('lang').value;
  lastSent = { type: 'osteoplan.case', case: c, lang };
  frame.contentWindow.postMessage(lastSent, appOrigin);
});

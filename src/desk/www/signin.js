// The sign-in page: POST /session, then the console. The session's token
// comes back as an HttpOnly cookie: this script never sees it.
'use strict';
document.getElementById('signin').addEventListener('submit', async (e) => {
  e.preventDefault();
  const error = document.getElementById('error');
  error.textContent = '';
  try {
    const res = await fetch('/session', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        name: document.getElementById('name').value,
        password: document.getElementById('password').value,
      }),
    });
    if (res.ok) {
      location.replace('/');
      return;
    }
    const body = await res.json().catch(() => ({}));
    error.textContent = body.message || ('sign-in refused: ' + res.status);
  } catch (err) {
    error.textContent = 'the server cannot be reached: ' + err.message;
  }
});

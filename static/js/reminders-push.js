// Web Push, asked for only after the adult ticked it and pressed the button (never on page load).
(function () {
  var box = document.getElementById("push-controls");
  if (!box || !("serviceWorker" in navigator) || !("PushManager" in window)) return;
  var tick = document.getElementById("push_on");
  var status = document.getElementById("push-status");
  function show() { box.hidden = !(tick && tick.checked); }
  if (tick) tick.addEventListener("change", show);
  show();
  function keyBytes(base64) {
    var padded = (base64 + "===".slice((base64.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded), bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }
  document.getElementById("push-enable").addEventListener("click", function () {
    var csrf = document.querySelector("input[name=csrf_token]").value;
    navigator.serviceWorker.register("/sw.js", {scope: "/"}).then(function (reg) {
      return reg.pushManager.subscribe({userVisibleOnly: true, applicationServerKey: keyBytes(box.dataset.vapidKey)});
    }).then(function (subscription) {
      return fetch(box.dataset.subscribeUrl, {
        method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
        body: JSON.stringify(subscription)
      });
    }).then(function (response) {
      status.textContent = response.ok ? box.dataset.wOn : box.dataset.wFailed; // worded by the page
    }).catch(function () { status.textContent = box.dataset.wRefused; });
  });
})();

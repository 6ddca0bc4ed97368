/* Idle sign-out with a warning. The server signs a session out after a set idle time; this shows
   a notice before that happens, lets the user carry on (one keep-alive request), and ends the
   session itself when time is up. Activity in any tab of the site counts (localStorage). */
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || !me.dataset.timeout) return;
  var timeout = Number(me.dataset.timeout) * 1000;
  var warning = Number(me.dataset.warning) * 1000;
  var keepUrl = me.dataset.keepAlive, endUrl = me.dataset.end;
  var KEY = "jiesu-last-use";
  var box = null, ticker = null;

  function csrf() {
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }
  function lastUse() {
    var shared = Number(localStorage.getItem(KEY) || 0);
    return Math.max(shared, mine);
  }
  var mine = Date.now();
  function used() {
    mine = Date.now();
    try { localStorage.setItem(KEY, String(mine)); } catch (e) { /* private mode: this tab only */ }
    hide();
  }
  function hide() { if (box) { box.hidden = true; } }
  function show(left) {
    if (!box) {
      box = document.createElement("div");
      box.className = "idle-warning";
      box.setAttribute("role", "alertdialog");
      box.setAttribute("aria-live", "assertive");
      var text = document.createElement("p");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "primary";
      button.textContent = "继续使用";
      button.addEventListener("click", function () {
        fetch(keepUrl, { method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrf() } })
          .then(function (r) { if (r.status === 204) { used(); } else { window.location.reload(); } });
      });
      box.appendChild(text);
      box.appendChild(button);
      document.body.appendChild(box);
    }
    box.hidden = false;
    var seconds = Math.max(0, Math.ceil(left / 1000));
    box.firstChild.textContent = "您已较长时间未操作，将在 " + seconds + " 秒后自动退出登录。";
  }
  function end() {
    clearInterval(ticker);
    var form = document.createElement("form");
    form.method = "post";
    form.action = endUrl;
    var token = document.createElement("input");
    token.type = "hidden";
    token.name = "csrfmiddlewaretoken";
    token.value = csrf();
    form.appendChild(token);
    document.body.appendChild(form);
    form.submit();
  }
  function tick() {
    var left = lastUse() + timeout - Date.now();
    if (left <= 0) { end(); } else if (left <= warning) { show(left); } else { hide(); }
  }
  try { localStorage.setItem(KEY, String(mine)); } catch (e) { /* ignore */ }
  document.body.addEventListener("htmx:afterRequest", used);
  ticker = setInterval(tick, 1000);
})();

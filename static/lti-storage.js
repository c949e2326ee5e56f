// Launches without third-party cookies (1EdTech LTI Client Side postMessages: lti.capabilities,
// lti.put_data, lti.get_data). At login: keep the state cookie if the browser returned it, else
// store a one-time secret with the platform, else offer a new window. At launch: read the secret
// back and post it with the id_token. Messages only go to, and are only accepted from, the
// platform's OIDC authorization origin.
(function () {
  "use strict";
  var root = document.getElementById("lti-binding");
  if (!root) { return; }
  var d = root.dataset;
  var TIMEOUT_MS = 3000;

  function messageId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return "sh-" + Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function frameNamed(name) {
    var base = window.opener || window.parent;
    if (!name || name === "_parent") { return base; }
    if (name === "_top") { return window.top; }
    try { return base.frames[name] || null; } catch (e) { return null; }
  }

  // Sends one message and waits for its response from the platform's origin only.
  function ask(target, message) {
    return new Promise(function (resolve, reject) {
      if (!target || target === window) { reject(new Error("no platform frame")); return; }
      var id = messageId();
      message.message_id = id;
      var timer = window.setTimeout(function () {
        window.removeEventListener("message", onMessage);
        reject(new Error("no answer to " + message.subject));
      }, TIMEOUT_MS);
      function onMessage(event) {
        if (event.origin !== d.platformOrigin) { return; }
        var data = event.data;
        if (!data || data.message_id !== id || data.subject !== message.subject + ".response") { return; }
        window.clearTimeout(timer);
        window.removeEventListener("message", onMessage);
        if (data.error) { reject(new Error(data.error.code || "error")); } else { resolve(data); }
      }
      window.addEventListener("message", onMessage);
      try { target.postMessage(message, d.platformOrigin); } catch (e) {
        window.clearTimeout(timer);
        reject(e);
      }
    });
  }

  // The frame that answers `subject`, from the platform's capabilities.
  function storageFrame(subject) {
    return ask(window.opener || window.parent, { subject: "lti.capabilities" }).then(function (caps) {
      var supported = (caps.supported_messages || []).filter(function (m) { return m.subject === subject; });
      if (!supported.length) { throw new Error(subject + " not supported"); }
      return frameNamed(supported[0].frame || d.target);
    });
  }

  function cookieWorks() {
    if (!d.checkUrl) { return Promise.resolve(false); }
    return window.fetch(d.checkUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : { cookie: false }; })
      .then(function (j) { return j.cookie === true; })
      .catch(function () { return false; });
  }

  function putSecret() {
    if (!d.key) { return Promise.reject(new Error("no platform storage")); }
    return storageFrame("lti.put_data").then(function (frame) {
      return ask(frame, { subject: "lti.put_data", key: d.key, value: d.value });
    });
  }

  function offerNewWindow() {
    document.getElementById("lti-progress").hidden = true;
    document.getElementById("lti-new-window").hidden = false;
  }

  function login() {
    var form = document.getElementById("lti-new-window-form");
    form.addEventListener("submit", function () {
      document.getElementById("lti-new-window-opened").hidden = false;
    });
    if (!document.getElementById("lti-new-window").hidden) { return; }
    cookieWorks().then(function (ok) {
      if (ok) { window.location.replace(d.authUrl); return; }
      putSecret().then(function () { window.location.replace(d.authUrl); }, offerNewWindow);
    });
  }

  function restore() {
    storageFrame("lti.get_data").then(function (frame) {
      return ask(frame, { subject: "lti.get_data", key: d.key });
    }).then(function (answer) {
      if (typeof answer.value !== "string" || !answer.value) { throw new Error("no secret stored"); }
      var form = document.getElementById("lti-restore-form");
      form.elements.lti_storage_secret.value = answer.value;
      form.submit();
    }).catch(function () {
      document.getElementById("lti-progress").hidden = true;
      document.getElementById("lti-restore-failed").hidden = false;
    });
  }

  if (d.mode === "login") { login(); } else if (d.mode === "restore") { restore(); }
}());

// Together's service worker (served at /sw.js, scope "/"; the lines above this one name VERSION
// and PRECACHE). Pages: network first, the saved copy when offline, else the offline page.
// Static files: cache first (their addresses are fingerprinted). Push: reminder notifications.
"use strict";
var STATIC_CACHE = "static-" + VERSION;
var PAGES_CACHE = "pages-v1";
var MAX_PAGES = 60;
// Pages worth keeping on the device: Today, weeks, items, cards, practices, the start page.
var KEEP = /^\/(today|weeks(\/\d{4}-\d{2}-\d{2})?|items\/\d+|activities\/[a-z0-9-]+|practices(\/[a-z0-9-]+)?|more)?$/;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(STATIC_CACHE).then(function (cache) {
    return cache.addAll(PRECACHE);
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name !== STATIC_CACHE && name !== PAGES_CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

// A copy without the "redirected" flag: a navigation may not be answered with a redirected response.
function plainCopy(response) {
  return response.clone().blob().then(function (body) {
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  });
}

function keepPage(paths, response) {
  if (!response.ok || response.type !== "basic") return Promise.resolve();
  return Promise.all([caches.open(PAGES_CACHE), plainCopy(response)]).then(function (opened) {
    var cache = opened[0], copy = opened[1];
    return Promise.all(paths.filter(function (p) { return KEEP.test(p); }).map(function (p) {
      return cache.put(p, copy.clone());
    })).then(function () { return trim(cache); });
  });
}

function trim(cache) {
  return cache.keys().then(function (keys) {
    return Promise.all(keys.slice(0, Math.max(0, keys.length - MAX_PAGES)).map(function (k) { return cache.delete(k); }));
  });
}

function networkFirst(request) {
  var path = new URL(request.url).pathname;
  return fetch(request).then(function (response) {
    if (KEEP.test(path)) keepPage([path], response);
    return response;
  }).catch(function () {
    return caches.open(PAGES_CACHE).then(function (cache) { return cache.match(path); }).then(function (saved) {
      return saved || caches.match("/offline");
    });
  });
}

function cacheFirst(request) {
  return caches.match(request).then(function (hit) {
    if (hit) return hit;
    return fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(STATIC_CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(request, { ignoreSearch: true });  // an older version of the same file
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && /^\/(login|logout|register)$/.test(url.pathname)) {
    warmedAt = 0;
    event.waitUntil(caches.delete(PAGES_CACHE));  // another person's pages never stay behind
    return;
  }
  if (request.method !== "GET") return;
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === "navigate") {
    event.respondWith(networkFirst(request));
  }
});

// A page asks to keep Today and this week on the device (right after it loaded, when online).
// At most every ten minutes while the copies are there, so browsing does not double the requests.
var WARM_EVERY = 10 * 60 * 1000;
var warmedAt = 0;
self.addEventListener("message", function (event) {
  var urls = (event.data && event.data.warm) || [];
  event.waitUntil(caches.open(PAGES_CACHE).then(function (cache) {
    return Promise.all(urls.map(function (address) { return cache.match(address); }));
  }).then(function (found) {
    if (found.every(Boolean) && Date.now() - warmedAt < WARM_EVERY) return;
    warmedAt = Date.now();
    return warm(urls);
  }));
});

function warm(urls) {
  return Promise.all(urls.map(function (address) {
    var path = new URL(address, self.location.origin).pathname;
    return fetch(path, { credentials: "same-origin" }).then(function (response) {
      if (response.url.indexOf(self.location.origin) !== 0) return;
      var landed = new URL(response.url).pathname;
      if (landed === "/login") return;
      return keepPage(landed === path ? [path] : [path, landed], response);
    }).catch(function () {});
  }));
}

self.addEventListener("push", function (event) {
  var data = event.data ? event.data.json() : { title: "Together", body: "", url: "/" };
  event.waitUntil(self.registration.showNotification(data.title, { body: data.body, data: { url: data.url } }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  event.waitUntil(self.clients.openWindow(event.notification.data.url));
});

// Shows a Together reminder and opens its one-tap page when tapped.
self.addEventListener("push", function (event) {
  var data = event.data ? event.data.json() : {title: "Together", body: "", url: "/"};
  event.waitUntil(self.registration.showNotification(data.title, {body: data.body, data: {url: data.url}}));
});
self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  event.waitUntil(clients.openWindow(event.notification.data.url));
});

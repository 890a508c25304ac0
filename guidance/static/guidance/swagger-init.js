// Interactive API reference: Swagger UI (shipped with django-ninja) reading our own copy of the contract.
// No validator badge, so the page makes no request to any other site.
(function () {
  var container = document.getElementById("swagger-ui");
  if (!container || typeof SwaggerUIBundle === "undefined") return;
  SwaggerUIBundle({
    url: container.dataset.openapiUrl,
    domNode: container,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
    validatorUrl: null,
    tryItOutEnabled: false,
  });
})();

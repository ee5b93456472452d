// Points Swagger UI at this server's own OpenAPI document.
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
  // No badge from validator.swagger.io: the page loads nothing from other origins (see its CSP).
  validatorUrl: null
});

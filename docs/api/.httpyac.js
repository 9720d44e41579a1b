// httpyac (the command-line runner for .http files) reads this file: this folder is its project root for the request
// collections here. The collections keep to the format VS Code's REST Client runs as it is; two things make httpyac run
// them the same way, without a line of client-specific script in the .http files:
//
// 1. REST Client's request variables, {{name.response.body.$.path}} and {{name.response.headers.Name}}. httpyac 6
//    stores a named request's response as {{name}} (the body) and {{nameResponse}} instead, and would evaluate the
//    REST Client form as JavaScript and fail.
// 2. A response with a status of 400 or more counts as a failed test, so `httpyac send --all --bail` stops at the first
//    request that failed (and exits non-zero) rather than carrying on with the variables it did not get.
//
// docs/decisions/0017-local-outbox-endpoint.md says why.

const REQUEST_VARIABLE = /^\s*([A-Za-z0-9_-]+)\.response\.(body|headers)\.(.+?)\s*$/u;

/** `$.a.b[0].c` (the JSONPath subset the collections use) applied to a parsed JSON body. */
function select(body, path) {
  if (path === '*' || path === '$') {
    return body;
  }
  if (!path.startsWith('$')) {
    return undefined;
  }
  let value = body;
  for (const [, key, index] of path.slice(1).matchAll(/\.([^.[\]]+)|\[(\d+)\]/gu)) {
    if (value === null || value === undefined) {
      return undefined;
    }
    value = key !== undefined ? value[key] : value[Number(index)];
  }
  return value;
}

function header(headers, name) {
  const wanted = name.toLowerCase();
  const found = Object.entries(headers || {}).find(([key]) => key.toLowerCase() === wanted);
  return found && (Array.isArray(found[1]) ? found[1][0] : found[1]);
}

module.exports = {
  configureHooks(api) {
    api.hooks.replaceVariable.addHook(
      'restClientRequestVariables',
      (text, _type, context) =>
        api.utils.parseHandlebarsString(text, async variable => {
          const match = REQUEST_VARIABLE.exec(variable);
          if (!match) {
            return undefined;
          }
          const [, name, part, path] = match;
          const response = context.variables[`${name}Response`];
          if (!response) {
            throw new Error(`{{${variable.trim()}}}: request '${name}' has not been sent (or has no response) yet`);
          }
          const value =
            part === 'headers' ? header(response.headers, path) : select(response.parsedBody ?? response.body, path);
          if (value === undefined) {
            throw new Error(`{{${variable.trim()}}}: the response of '${name}' has nothing at ${path}`);
          }
          return typeof value === 'object' ? JSON.stringify(value) : String(value);
        }),
      { before: ['name'] }
    );

    api.hooks.onResponse.addHook('statusBelow400', async (response, context) => {
      await api.utils.testFactoryAsync(context, { ignoreErrorFile: true })('status below 400', async () => {
        if (response.statusCode >= 400) {
          throw new Error(`${response.statusCode} ${typeof response.body === 'string' ? response.body : ''}`.trim());
        }
      });
    });
  },
};

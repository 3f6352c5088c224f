/**
 * GitHub's official OpenAPI description (from `@octokit/openapi`), loaded once per process, with a
 * router and request/response validation for the GitHub stand-in.
 *
 * Only `generated/api.github.com.json` is read: the package's index loads every GitHub flavour
 * (about 400 MB of JSON), far too much for a test process.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { ErrorObject } from "ajv";
import addFormats from "ajv-formats";
import { type Document, OpenAPIBackend, type Operation } from "openapi-backend";

export interface ApiOperation {
  readonly operationId: string;
  /** Lower-case HTTP method. */
  readonly method: string;
  /** Path template as written in the description, e.g. `/repos/{owner}/{repo}`. */
  readonly pathTemplate: string;
  /** Link to GitHub's documentation of the operation; GitHub puts it in every error body. */
  readonly documentationUrl: string;
}

export interface RouteMatch {
  readonly operation: ApiOperation;
  /** Path parameters, percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
}

export interface RequestToValidate {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  /** Raw query string without the leading `?`. */
  readonly query: string;
  readonly headers: Readonly<Record<string, string | string[]>>;
  /** Parsed JSON body, or undefined when the request had none. */
  readonly body: unknown;
}

export interface GitHubApiDescription {
  /** The operation a request addresses, or undefined when the description has no such path and method. */
  match(method: string, path: string): RouteMatch | undefined;
  /** Readable validation errors; empty when the request satisfies the description. */
  validateRequest(operation: ApiOperation, request: RequestToValidate): string[];
  /** Readable validation errors of a response body against the documented schema for its status. */
  validateResponse(operation: ApiOperation, status: number, body: unknown): string[];
}

const DEFAULT_DOCUMENTATION_URL = "https://docs.github.com/rest";

let descriptionPromise: Promise<GitHubApiDescription> | undefined;

/**
 * Loads and prepares the description on first use. Parsing 13 MB of JSON and building the backend takes
 * about half a second, so every stand-in of the process shares one instance; it holds no per-server state.
 */
export function loadGitHubApiDescription(): Promise<GitHubApiDescription> {
  descriptionPromise ??= createDescription();
  return descriptionPromise;
}

async function createDescription(): Promise<GitHubApiDescription> {
  const document = readGitHubOpenApiDocument();
  const backend = new OpenAPIBackend({
    definition: document,
    // quick: dereference synchronously and compile validators per operation on first use, not all ~1100 up front.
    quick: true,
    strict: false,
    ajvOpts: { strict: false },
    customizeAjv: (ajv) => {
      addFormats.default(ajv);
      // Formats GitHub invents; they carry no constraint worth checking here.
      ajv.addFormat("repo.nwo", true);
      ajv.addFormat("uri-template", true);
      return ajv;
    },
  });
  await backend.init();
  const router = new Router(backend.getOperations());

  return {
    match: (method, path) => router.match(method, path),
    validateRequest(operation, request) {
      const result = backend.validateRequest(
        {
          method: request.method,
          path: request.path,
          query: request.query,
          headers: { ...request.headers },
          body: request.body,
        },
        router.backendOperation(operation),
      );
      return describeErrors(result.errors);
    },
    validateResponse(operation, status, body) {
      return describeErrors(backend.validateResponse(body, operation.operationId, status).errors);
    },
  };
}

function readGitHubOpenApiDocument(): Document {
  const require = createRequire(import.meta.url);
  const file = require.resolve("@octokit/openapi/generated/api.github.com.json");
  const document = JSON.parse(readFileSync(file, "utf8"));
  makeNullableValidForAjv(document);
  return document as Document;
}

/**
 * Ajv implements OpenAPI 3.0's `nullable` more narrowly than GitHub uses it; two rewrites keep the
 * description's meaning:
 * - About 145 schemas put `nullable` beside `oneOf`/`anyOf`/`allOf` or alone, without `type`. Ajv refuses
 *   to compile those ("nullable" cannot be used without "type"), and every operation using one
 *   (issues/create, issues/update, ...) would lose its validator. Deleting the flag is not enough:
 *   `milestone: null`, GitHub's way to clear a milestone, would then be rejected. So `nullable: true`
 *   becomes `anyOf [schema, {type: null}]`.
 * - About 70 nullable schemas have an `enum` without `null` (`state_reason` of issues, for one); Ajv
 *   checks the enum even for null and would reject the null the description allows, so null joins the enum.
 */
function makeNullableValidForAjv(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) makeNullableValidForAjv(item);
    return;
  }
  if (node === null || typeof node !== "object") return;
  const schema = node as Record<string, unknown>;
  for (const child of Object.values(schema)) makeNullableValidForAjv(child);
  if (!("nullable" in schema)) return;

  if ("type" in schema) {
    if (schema.nullable === true && Array.isArray(schema.enum) && !schema.enum.includes(null)) {
      schema.enum = [...schema.enum, null];
    }
    return;
  }
  const { nullable, ...rest } = schema;
  delete schema.nullable;
  if (nullable !== true) return;
  for (const key of Object.keys(rest)) delete schema[key];
  schema.anyOf = [rest, { type: "null" }];
}

function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map(describeError);
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath || "/";
  const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues;
  const suffix = allowed ? ` (${allowed.map((value) => JSON.stringify(value)).join(", ")})` : "";
  return `${where} ${error.message ?? error.keyword}${suffix}`;
}

interface Route {
  readonly operation: ApiOperation;
  readonly pattern: RegExp;
  readonly parameterNames: string[];
  /** Characters outside `{...}`: the more literal text, the more specific the route. */
  readonly literalLength: number;
}

/**
 * openapi-backend's own `matchOperation` rebuilds a regular expression for all ~1100 operations on every
 * call (about 20 ms). This router compiles them once and keeps its precedence rules: a literal path
 * beats a template, and among templates the one with more literal text wins.
 */
class Router {
  private readonly routesByMethod = new Map<string, Route[]>();
  private readonly backendOperations = new Map<string, Operation>();

  constructor(operations: Operation[]) {
    for (const backendOperation of operations) {
      if (!backendOperation.operationId) continue;
      const operation: ApiOperation = {
        operationId: backendOperation.operationId,
        method: backendOperation.method.toLowerCase(),
        pathTemplate: backendOperation.path,
        documentationUrl: backendOperation.externalDocs?.url ?? DEFAULT_DOCUMENTATION_URL,
      };
      this.backendOperations.set(operation.operationId, backendOperation);
      const routes = this.routesByMethod.get(operation.method) ?? [];
      routes.push(compileRoute(operation));
      this.routesByMethod.set(operation.method, routes);
    }
    for (const routes of this.routesByMethod.values()) {
      routes.sort((a, b) => specificity(b) - specificity(a));
    }
  }

  match(method: string, path: string): RouteMatch | undefined {
    const routes = this.routesByMethod.get(method.toLowerCase()) ?? [];
    const normalizedPath = path.length > 1 ? path.replace(/\/+$/, "") : path;
    for (const route of routes) {
      const found = route.pattern.exec(normalizedPath);
      if (!found) continue;
      const params: Record<string, string> = {};
      route.parameterNames.forEach((name, index) => {
        params[name] = decodeURIComponent(found[index + 1] ?? "");
      });
      return { operation: route.operation, params };
    }
    return undefined;
  }

  backendOperation(operation: ApiOperation): Operation {
    const found = this.backendOperations.get(operation.operationId);
    if (!found) throw new Error(`Unknown operation ${operation.operationId}`);
    return found;
  }
}

function compileRoute(operation: ApiOperation): Route {
  const parameterNames: string[] = [];
  const literalParts = operation.pathTemplate.split(/\{([^}]+)\}/);
  let source = "";
  literalParts.forEach((part, index) => {
    // split() with a capture group alternates literal text and parameter names.
    if (index % 2 === 1) {
      parameterNames.push(part);
      source += "([^/]+)";
    } else {
      source += part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }
  });
  const literalLength = literalParts.filter((_, index) => index % 2 === 0).join("").length;
  return { operation, pattern: new RegExp(`^${source}$`), parameterNames, literalLength };
}

function specificity(route: Route): number {
  // Literal paths first, then templates by literal length.
  return (route.parameterNames.length === 0 ? 1_000_000 : 0) + route.literalLength;
}

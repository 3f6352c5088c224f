import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

/**
 * A scripted model server for running the real agent CLIs offline.
 *
 * One HTTP server on 127.0.0.1 speaks the three wire protocols the CLIs use, routed by path
 * (any prefix before the protocol's own path is accepted, as gateways add one):
 *
 * - Anthropic Messages (Claude Code): `POST …/v1/messages`
 * - OpenAI Responses (Codex CLI):     `POST …/responses`
 * - Gemini API (Gemini CLI):          `POST …/models/{model}:streamGenerateContent` or `:generateContent`
 *
 * Each answer is taken from a protocol-neutral script. The CLI is stateless towards the server
 * (it resends the whole conversation each turn), so the step to play is derived from the
 * request itself: the number of assistant turns it already contains. Requests that offer no
 * tools are side queries (titles, summaries) and get a short text without using up a step.
 */

/** One turn of the scripted model. */
export type ScriptStep =
  /** Create or overwrite a file. A relative path is made absolute against the agent's cwd. */
  | { writeFile: { path: string; content: string } }
  /** Run a shell command in the agent's working directory. */
  | { shell: string }
  /** End the conversation with this assistant message. */
  | { finalText: string }
  /** Answer this turn with an HTTP error (the rig runs CLIs with retries off, so they give up). */
  | { httpError: { status: number; message: string } };

export type Script = readonly ScriptStep[];

export interface ModelServerOptions {
  /**
   * The agent's working directory, for making relative paths absolute. When absent it is read
   * from the request (each CLI states its cwd in the context it sends); when neither is known,
   * paths are passed through as written.
   */
  cwd?: string;
}

export type Protocol = "anthropic" | "openai-responses" | "gemini";

export interface RecordedRequest {
  /** Which wire protocol the path selected; "other" for probes and unknown paths. */
  protocol: Protocol | "other";
  method: string;
  /** Path and query as received, e.g. `/v1/messages?beta=true`. */
  path: string;
  model?: string;
  /** All user text the CLI sent before the first assistant turn: its context blocks and the prompt. */
  prompt: string;
  /** Tool outputs the CLI sent back, oldest first, as text. */
  toolResults: string[];
  /** The working directory the CLI stated in its context, if found. */
  cwd?: string;
  /** Index of the script step this request was answered with (may be ≥ script length: exhausted). */
  step?: number;
  /** True for side queries that offer no tools; they are answered without using up a step. */
  auxiliary: boolean;
  /** The parsed JSON body (the raw text if it is not JSON), for assertions the fields above do not cover. */
  body: unknown;
}

export interface ModelServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:43127`. */
  readonly url: string;
  /** Every request received, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  close(): Promise<void>;
}

/** Text answered once the script has no steps left, so a CLI that asks again still stops. */
export const SCRIPT_EXHAUSTED_TEXT = "The scripted conversation is over.";
const AUXILIARY_TEXT = "ok";

/** A turn translated for one protocol: what the model "says". */
type Reply =
  | { kind: "text"; text: string }
  | { kind: "tool"; name: string; input: Record<string, unknown> }
  /** Codex's freeform tool (apply_patch): the input is raw text, not JSON. */
  | { kind: "custom-tool"; name: string; input: string }
  | { kind: "error"; status: number; message: string };

/** What every protocol extracts from a request before a step is chosen. */
interface Conversation {
  model?: string;
  prompt: string;
  toolResults: string[];
  cwd?: string;
  /** Assistant turns already in the conversation: the index of the step to play. */
  step: number;
  toolNames: string[];
  /** JSON schema a side query asks the answer to follow (Gemini's routing and next-speaker checks). */
  responseSchema?: unknown;
  /** Why the rig cannot script this request; it is answered with HTTP 400 and this message. */
  unsupported?: string;
}

interface Exchange {
  conversation: Conversation;
  /** Turns a step into this protocol's tool call. */
  translate(step: ScriptStep, cwd: string | undefined): Reply;
  /** Writes the reply as this protocol's (streamed or plain) response. */
  send(res: ServerResponse, reply: Reply, usage: Usage): void;
}

interface Usage {
  inputTokens: number;
  outputTokens: number;
}

export async function startModelServer(
  script: Script,
  options: ModelServerOptions = {},
): Promise<ModelServer> {
  const requests: RecordedRequest[] = [];

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (!res.headersSent) sendJson(res, 500, { error: { type: "rig_error", message } });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = req.url ?? "/";
    const pathname = new URL(url, "http://rig").pathname;
    const protocol = req.method === "POST" ? protocolOf(pathname) : undefined;
    const body = parseJson(raw);
    const record: RecordedRequest = {
      protocol: protocol ?? "other",
      method: req.method ?? "",
      path: url,
      prompt: "",
      toolResults: [],
      auxiliary: false,
      body,
    };
    requests.push(record);

    if (!protocol) {
      // Claude Code probes `HEAD /` for connectivity; everything else unknown is a 404.
      if (pathname === "/" && (req.method === "HEAD" || req.method === "GET")) res.writeHead(200).end();
      else
        sendJson(res, 404, {
          error: { type: "not_found", message: `rig: no route for ${req.method} ${url}` },
        });
      return;
    }

    if (typeof body === "string") {
      sendJson(res, 400, { error: { type: "invalid_request_error", message: "rig: body is not JSON" } });
      return;
    }
    const exchange = exchangeFor(protocol, pathname, asObject(body));
    const { conversation } = exchange;
    Object.assign(record, {
      model: conversation.model,
      prompt: conversation.prompt,
      toolResults: conversation.toolResults,
      cwd: conversation.cwd,
    });

    let reply: Reply;
    if (conversation.unsupported) {
      reply = { kind: "error", status: 400, message: `rig: ${conversation.unsupported}` };
    } else if (conversation.toolNames.length === 0) {
      record.auxiliary = true;
      const { responseSchema } = conversation;
      const text = responseSchema === undefined ? AUXILIARY_TEXT : JSON.stringify(sampleOf(responseSchema));
      reply = { kind: "text", text };
    } else {
      record.step = conversation.step;
      const step = script[conversation.step] ?? { finalText: SCRIPT_EXHAUSTED_TEXT };
      reply = exchange.translate(step, options.cwd ?? conversation.cwd);
    }
    const usage = {
      inputTokens: Math.ceil(raw.length / 4),
      outputTokens: Math.ceil(JSON.stringify(reply).length / 4),
    };
    exchange.send(res, reply, usage);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // CLIs keep connections alive; do not wait for them to time out.
        server.closeAllConnections();
      }),
  };
}

function protocolOf(pathname: string): Protocol | undefined {
  if (pathname.endsWith("/v1/messages")) return "anthropic";
  if (pathname.endsWith("/responses")) return "openai-responses";
  if (/\/models\/[^/]+:(stream)?[gG]enerateContent$/.test(pathname)) return "gemini";
  return undefined;
}

function exchangeFor(protocol: Protocol, pathname: string, body: Record<string, unknown>): Exchange {
  switch (protocol) {
    case "anthropic":
      return anthropicExchange(body);
    case "openai-responses":
      return responsesExchange(body);
    case "gemini":
      return geminiExchange(pathname, body);
  }
}

// ---------------------------------------------------------------------------------------------
// Anthropic Messages API (Claude Code)

interface AnthropicMessage {
  role: string;
  content: string | Array<Record<string, unknown>>;
}

function anthropicExchange(body: Record<string, unknown>): Exchange {
  const messages = asArray(body.messages) as unknown as AnthropicMessage[];
  const model = typeof body.model === "string" ? body.model : undefined;
  const blocks = (message: AnthropicMessage) =>
    typeof message.content === "string"
      ? [{ type: "text", text: message.content }]
      : asArray(message.content);
  const firstAssistant = indexOrLength(messages, (m) => m.role === "assistant");
  const conversation: Conversation = {
    model,
    prompt: joinTexts(
      messages
        .slice(0, firstAssistant)
        .filter((m) => m.role === "user")
        .flatMap(blocks)
        .map(textOf),
    ),
    toolResults: messages
      .filter((m) => m.role === "user")
      .flatMap(blocks)
      .filter((block) => block.type === "tool_result")
      .map((block) => contentText(block.content)),
    // The environment block arrives as a `role: "system"` message or in `system`.
    cwd: matchFirst(
      joinTexts([body.system, ...asArray(body.system), ...messages.flatMap(blocks)].map(textOf)),
      /Primary working directory: (.+)/,
    ),
    step: messages.filter((m) => m.role === "assistant").length,
    toolNames: toolNames(body.tools),
  };

  return {
    conversation,
    translate(step, cwd) {
      if ("writeFile" in step) {
        const { path: file, content } = step.writeFile;
        return { kind: "tool", name: "Write", input: { file_path: absolute(file, cwd), content } };
      }
      if ("shell" in step) {
        return {
          kind: "tool",
          name: "Bash",
          input: { command: step.shell, description: "Run a scripted command" },
        };
      }
      return commonReply(step);
    },
    send(res, reply, usage) {
      if (reply.kind === "error") {
        sendJson(res, reply.status, { type: "error", error: { type: "api_error", message: reply.message } });
        return;
      }
      type ContentBlock =
        | { type: "text"; text: string }
        | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> };
      const content: ContentBlock[] =
        reply.kind === "text"
          ? [{ type: "text", text: reply.text }]
          : [
              {
                type: "tool_use",
                id: `toolu_${shortId()}`,
                name: reply.name,
                input: reply.kind === "tool" ? reply.input : {},
              },
            ];
      const message = {
        id: `msg_${shortId()}`,
        type: "message",
        role: "assistant",
        model: model ?? "rig",
        content,
        stop_reason: reply.kind === "text" ? "end_turn" : "tool_use",
        stop_sequence: null,
        usage: { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens },
      };
      if (body.stream !== true) {
        sendJson(res, 200, message);
        return;
      }
      const events: Array<Record<string, unknown>> = [
        {
          type: "message_start",
          message: {
            ...message,
            content: [],
            stop_reason: null,
            usage: { ...message.usage, output_tokens: 1 },
          },
        },
      ];
      content.forEach((block, index) => {
        if (block.type === "text") {
          events.push(
            { type: "content_block_start", index, content_block: { type: "text", text: "" } },
            { type: "content_block_delta", index, delta: { type: "text_delta", text: block.text } },
          );
        } else {
          events.push(
            { type: "content_block_start", index, content_block: { ...block, input: {} } },
            {
              type: "content_block_delta",
              index,
              delta: { type: "input_json_delta", partial_json: JSON.stringify(block.input) },
            },
          );
        }
        events.push({ type: "content_block_stop", index });
      });
      events.push(
        {
          type: "message_delta",
          delta: { stop_reason: message.stop_reason, stop_sequence: null },
          usage: { output_tokens: usage.outputTokens },
        },
        { type: "message_stop" },
      );
      sendSse(res, events, (event) => String(event.type));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// OpenAI Responses API (Codex CLI)

function responsesExchange(body: Record<string, unknown>): Exchange {
  const input = asArray(body.input);
  const model = typeof body.model === "string" ? body.model : undefined;
  const isToolOutput = (item: Record<string, unknown>) =>
    item.type === "function_call_output" || item.type === "custom_tool_call_output";
  const userTexts = (item: Record<string, unknown>) =>
    item.type === "message" && item.role === "user"
      ? asArray(item.content).map((part) => (part.type === "input_text" ? part.text : undefined))
      : [];
  const firstAssistant = indexOrLength(
    input,
    (item) => (item.type === "message" && item.role === "assistant") || isToolOutput(item),
  );
  const tools = toolNames(body.tools);
  const conversation: Conversation = {
    model,
    prompt: joinTexts(input.slice(0, firstAssistant).flatMap(userTexts)),
    toolResults: input.filter(isToolOutput).map((item) => contentText(item.output)),
    cwd: matchFirst(joinTexts(input.flatMap(userTexts)), /<cwd>([^<]+)<\/cwd>/),
    step: input.filter(isToolOutput).length,
    toolNames: tools,
    // Newer models (Codex's default) get namespaced tools inside `input` and a JavaScript `exec`
    // tool; the rig scripts the classic top-level tools only.
    unsupported: input.some((item) => item.type === "additional_tools")
      ? `model ${model} uses Codex's namespaced tools, which the rig does not script; use -m gpt-5.5`
      : undefined,
  };

  return {
    conversation,
    translate(step, cwd) {
      if ("writeFile" in step) {
        const { path: file, content } = step.writeFile;
        // apply_patch can only add files that end in a newline; otherwise write through the shell.
        if (tools.includes("apply_patch") && content.endsWith("\n")) {
          const lines = content.slice(0, -1).split("\n");
          const patch = [
            "*** Begin Patch",
            `*** Add File: ${absolute(file, cwd)}`,
            ...lines.map((l) => `+${l}`),
            "*** End Patch",
          ];
          return { kind: "custom-tool", name: "apply_patch", input: `${patch.join("\n")}\n` };
        }
        const command = `printf '%s' ${shellQuote(content)} > ${shellQuote(absolute(file, cwd))}`;
        return { kind: "tool", name: "exec_command", input: { cmd: command } };
      }
      if ("shell" in step) return { kind: "tool", name: "exec_command", input: { cmd: step.shell } };
      return commonReply(step);
    },
    send(res, reply, usage) {
      if (reply.kind === "error") {
        const type = reply.status >= 500 ? "server_error" : "invalid_request_error";
        sendJson(res, reply.status, { error: { type, message: reply.message } });
        return;
      }
      const callId = `call_${shortId()}`;
      const item =
        reply.kind === "text"
          ? {
              type: "message",
              id: `msg_${shortId()}`,
              role: "assistant",
              status: "completed",
              content: [{ type: "output_text", text: reply.text, annotations: [] }],
            }
          : reply.kind === "tool"
            ? {
                type: "function_call",
                id: `fc_${shortId()}`,
                call_id: callId,
                name: reply.name,
                arguments: JSON.stringify(reply.input),
                status: "completed",
              }
            : {
                type: "custom_tool_call",
                id: `ctc_${shortId()}`,
                call_id: callId,
                name: reply.name,
                input: reply.input,
                status: "completed",
              };
      const response = {
        id: `resp_${shortId()}`,
        object: "response",
        model: model ?? "rig",
        status: "in_progress",
      };
      const events: Array<Record<string, unknown>> = [
        { type: "response.created", response: { ...response, output: [] } },
        { type: "response.output_item.added", output_index: 0, item },
      ];
      if (reply.kind === "text") {
        events.push({
          type: "response.output_text.delta",
          output_index: 0,
          content_index: 0,
          delta: reply.text,
        });
      }
      events.push(
        { type: "response.output_item.done", output_index: 0, item },
        {
          type: "response.completed",
          response: {
            ...response,
            status: "completed",
            output: [item],
            usage: {
              input_tokens: usage.inputTokens,
              input_tokens_details: { cached_tokens: 0 },
              output_tokens: usage.outputTokens,
              output_tokens_details: { reasoning_tokens: 0 },
              total_tokens: usage.inputTokens + usage.outputTokens,
            },
          },
        },
      );
      events.forEach((event, index) => {
        event.sequence_number = index;
      });
      sendSse(res, events, (event) => String(event.type));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Gemini API (Gemini CLI)

function geminiExchange(pathname: string, body: Record<string, unknown>): Exchange {
  const contents = asArray(body.contents);
  const model = matchFirst(pathname, /\/models\/([^/:]+):/);
  const parts = (content: Record<string, unknown>) => asArray(content.parts);
  const firstModel = indexOrLength(contents, (c) => c.role === "model");
  const generationConfig = asObject(body.generationConfig);
  const conversation: Conversation = {
    model,
    prompt: joinTexts(
      contents
        .slice(0, firstModel)
        .filter((c) => c.role === "user")
        .flatMap(parts)
        .map((part) => part.text),
    ),
    toolResults: contents
      .flatMap(parts)
      .map((part) => asObject(part.functionResponse).response)
      .filter((response) => response !== undefined)
      .map((response) => contentText(asObject(response).output ?? response)),
    cwd: matchFirst(
      joinTexts(contents.flatMap(parts).map((part) => part.text)),
      /Workspace Directories:\**\n\s*- (.+)\n/,
    ),
    step: contents.filter((c) => c.role === "model").length,
    toolNames: asArray(body.tools).flatMap((tool) => toolNames(tool.functionDeclarations)),
    responseSchema: generationConfig.responseJsonSchema ?? generationConfig.responseSchema,
  };

  return {
    conversation,
    translate(step, cwd) {
      if ("writeFile" in step) {
        const { path: file, content } = step.writeFile;
        return { kind: "tool", name: "write_file", input: { file_path: absolute(file, cwd), content } };
      }
      if ("shell" in step) {
        return {
          kind: "tool",
          name: "run_shell_command",
          input: { command: step.shell, description: "Run a scripted command" },
        };
      }
      return commonReply(step);
    },
    send(res, reply, usage) {
      if (reply.kind === "error") {
        const status = reply.status >= 500 ? "INTERNAL" : "INVALID_ARGUMENT";
        sendJson(res, reply.status, { error: { code: reply.status, message: reply.message, status } });
        return;
      }
      const part =
        reply.kind === "text"
          ? { text: reply.text }
          : { functionCall: { name: reply.name, args: reply.kind === "tool" ? reply.input : {} } };
      const chunk = {
        candidates: [{ content: { role: "model", parts: [part] }, finishReason: "STOP", index: 0 }],
        usageMetadata: {
          promptTokenCount: usage.inputTokens,
          candidatesTokenCount: usage.outputTokens,
          totalTokenCount: usage.inputTokens + usage.outputTokens,
        },
        modelVersion: model ?? "rig",
        responseId: shortId(),
      };
      if (pathname.endsWith(":streamGenerateContent")) sendSse(res, [chunk]);
      else sendJson(res, 200, chunk);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** Steps that read the same in every protocol. */
function commonReply(step: ScriptStep): Reply {
  if ("finalText" in step) return { kind: "text", text: step.finalText };
  if ("httpError" in step) return { kind: "error", ...step.httpError };
  throw new Error(`rig: step ${JSON.stringify(step)} has no protocol-neutral reply`);
}

/** The smallest value of a JSON schema's shape: required properties, first enum value. */
function sampleOf(schema: unknown): unknown {
  const { type, enum: values, properties, required } = asObject(schema);
  if (Array.isArray(values) && values.length > 0) return values[0];
  switch (String(type).toLowerCase()) {
    case "object":
      return Object.fromEntries(
        (Array.isArray(required) ? required : [])
          .map(String)
          .map((key) => [key, sampleOf(asObject(properties)[key])]),
      );
    case "array":
      return [];
    case "string":
      return "rig";
    case "integer":
    case "number":
      return 1;
    case "boolean":
      return false;
    default:
      return null;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/** Server-sent events; with `name`, each event also gets an `event:` line (Anthropic, OpenAI do). */
function sendSse<T>(res: ServerResponse, events: readonly T[], name?: (event: T) => string): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  for (const event of events) {
    const prefix = name ? `event: ${name(event)}\n` : "";
    res.write(`${prefix}data: ${JSON.stringify(event)}\n\n`);
  }
  res.end();
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function asArray(value: unknown): Array<Record<string, unknown>> {
  return Array.isArray(value) ? value.map(asObject) : [];
}

function toolNames(tools: unknown): string[] {
  return asArray(tools)
    .map((tool) => tool.name)
    .filter((name): name is string => typeof name === "string");
}

/** Tool output as text: a string, a list of `{text}` blocks, or anything else as JSON. */
function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content) && content.every((block) => typeof asObject(block).text === "string")) {
    return content.map((block) => asObject(block).text).join("\n");
  }
  return JSON.stringify(content);
}

/** The text of a string or a `{type: "text", text}` block. */
function textOf(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  const block = asObject(value);
  return block.type === "text" && typeof block.text === "string" ? block.text : undefined;
}

function joinTexts(texts: readonly unknown[]): string {
  return texts.filter((text): text is string => typeof text === "string").join("\n");
}

function indexOrLength<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  const index = items.findIndex(predicate);
  return index === -1 ? items.length : index;
}

function matchFirst(text: string, pattern: RegExp): string | undefined {
  return pattern.exec(text)?.[1]?.trim();
}

function absolute(file: string, cwd: string | undefined): string {
  return cwd === undefined || path.isAbsolute(file) ? file : path.join(cwd, file);
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

function shortId(): string {
  return randomUUID().replaceAll("-", "").slice(0, 24);
}

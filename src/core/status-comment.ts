import { errorMessage } from "./errors.js";
import type { GitHubPort } from "./github-port.js";
import type { Logger } from "./ports.js";
import { type RunFacts, renderStatusComment } from "./report.js";

/**
 * The issue's one status comment: created when work starts (or taken over from an earlier run)
 * and edited in place. A comment that cannot be written is a warning, never a failed run.
 */
export class StatusComment {
  private commentId: number | undefined;

  constructor(
    private readonly github: GitHubPort,
    private readonly issueNumber: number,
    private readonly enabled: boolean,
    private readonly logger: Logger,
    existingId?: number,
  ) {
    this.commentId = existingId;
  }

  get id(): number | undefined {
    return this.commentId;
  }

  async update(facts: RunFacts): Promise<void> {
    if (!this.enabled) return;
    const body = renderStatusComment(facts);
    try {
      if (this.commentId !== undefined) {
        try {
          await this.github.updateComment(this.commentId, body);
          return;
        } catch (error) {
          // The earlier comment may have been deleted, or belong to someone we cannot edit for.
          this.logger.debug(`Could not edit status comment ${this.commentId}: ${errorMessage(error)}`);
          this.commentId = undefined;
        }
      }
      const created = await this.github.createComment(this.issueNumber, body);
      this.commentId = created.id;
      this.logger.info(`Status comment: ${created.url}`);
    } catch (error) {
      this.logger.warning(
        `Could not write the status comment on #${this.issueNumber}: ${errorMessage(error)}`,
      );
    }
  }
}

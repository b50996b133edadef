/**
 * The contract of the rule-based consistency checker (`consistency.ts`): pure input in, issues out.
 * The timeline service loads the input, stores the report and the reconcile job applies `fix`es.
 */
export type MemoryType = "normal" | "pride" | "shame" | "repressed" | "revised" | "exaggerated";

export interface CheckedEntry {
  id: string;
  eventAt: Date;
  eventLabel: string;
  facts: string;
  feelings: string;
  interpretation: string;
  memoryType: MemoryType;
  memoryStrength: number;
  status: "active" | "superseded";
  /** The entry this one revises (it superseded that one). */
  supersedes: string | null;
  supersededBy: string | null;
  createdAt: Date;
}

export interface CheckedTurn {
  turnId: string;
  sessionId: string;
  prompt: string;
  response: string;
  createdAt: Date;
}

export interface ConsistencyInput {
  now: Date;
  persona: {
    firstName: string;
    lastName: string;
    age: number;
    location: string;
    baseOccupation: string;
    /** The generated backstory, when there is one. */
    backstory: string | null;
  };
  /** Every entry of the persona, superseded ones included (rules look at active ones unless noted). */
  entries: CheckedEntry[];
  /** The persona's recent answers (newest first, at most ~50). */
  recentTurns: CheckedTurn[];
}

export type IssueType =
  | "timeline_order"
  | "age_conflict"
  | "fact_conflict"
  | "profile_conflict"
  | "duplicate"
  | "revision_conflict"
  | "response_contradiction";

export type Severity = "low" | "medium" | "high";

/** A fix the reconcile job may apply on its own: it never deletes, it supersedes with a reason. */
export type SafeFix =
  | { action: "merge_duplicates"; keepId: string; supersedeIds: string[]; reason: string }
  | { action: "supersede"; entryId: string; reason: string };

export interface ConsistencyIssue {
  type: IssueType;
  severity: Severity;
  /** The entries involved (for response_contradiction: the memory contradicted). */
  entryIds: string[];
  /** For response_contradiction: the turn that contradicts. */
  turnIds?: string[];
  message: string;
  suggestion: string;
  /** Present only when the fix is safe to apply without a human. */
  fix?: SafeFix;
}

export interface ConsistencyResult {
  /** 0-100: 100 = no issues; each issue takes off by severity (high 25, medium 10, low 3). */
  score: number;
  issues: ConsistencyIssue[];
}

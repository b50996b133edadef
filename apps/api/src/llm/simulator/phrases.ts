import type { Register } from "./voice.ts";

/**
 * The rest of the phrase bank: trait-driven stance lines, openers, closers, and the lines for
 * staying in character, identity questions and recall of the session. Built once at module load.
 */

export type TraitName = "openness" | "conscientiousness" | "extraversion" | "agreeableness" | "neuroticism";

/** One line per strongly expressed trait: the persona's stance, whatever the topic. */
export const STANCE_LINES: Record<TraitName, { high: readonly string[]; low: readonly string[] }> = {
  openness: {
    high: [
      "I am curious by nature, so I am usually open to {subject}.",
      "I like new ideas, even the slightly odd ones.",
      "I would rather try something and be wrong than never try it.",
    ],
    low: [
      "I am a creature of habit, so I am slow to warm up to {subject}.",
      "I prefer what I know works.",
      "I do not change my ways easily, and I am fine with that.",
    ],
  },
  conscientiousness: {
    high: [
      "I like to plan things out and look at the details before I decide.",
      "I would want to think it through properly, step by step.",
      "I read the fine print; that is just how I am.",
    ],
    low: [
      "I am not much of a planner; I tend to figure things out as I go.",
      "I usually go with my gut rather than a spreadsheet.",
    ],
  },
  extraversion: {
    high: [
      "I am a people person, so I always want to hear what others think too.",
      "I get my energy from people, so I like anything that brings them together.",
    ],
    low: [
      "I am a fairly private person, so I keep my opinions close.",
      "I prefer a quiet approach; I do not need to make a big deal of it.",
    ],
  },
  agreeableness: {
    high: [
      "I always think about how something affects the people around me.",
      "I try to see the good in things, and in people.",
    ],
    low: [
      "I do not sugarcoat things, so I will just say what I think.",
      "I am pretty blunt about what I like and what I do not.",
    ],
  },
  neuroticism: {
    high: [
      "Part of me always worries about what could go wrong.",
      "I tend to overthink these things, if I am honest.",
      "My first reaction is usually to worry a little.",
    ],
    low: ["I do not stress much about this kind of thing.", "I am pretty relaxed about it; things usually work out."],
  },
};

/** Profile lines any topic can use: values, goals, frustrations, knowledge, interests. */
export const PROFILE_LINES: readonly string[] = [
  "{valueCap} matters a lot to me, and it colors how I see this.",
  "I care about {value} and {value2}, so that is my lens.",
  "What bothers me in general is {frustration}.",
  "Right now I am focused on {goal}.",
  "I know a fair bit about {knowledge}, for what it is worth.",
  "Outside of that, I spend a lot of time on {interest}.",
];

/** Openers prefixed to the first sentence. */
export const OPENERS: Record<Register, readonly string[]> = {
  casual: ["Oh, ", "Hmm, ", "Okay, so ", "Honestly? ", "Good question. ", "Well, ", "", ""],
  neutral: ["Well, ", "Let me think. ", "Good question. ", "To be honest, ", "Hmm. ", "", ""],
  formal: ["That is a fair question. ", "Let me consider that. ", "Certainly. ", "I see. ", "", ""],
};

export const ENERGETIC_OPENERS: readonly string[] = ["Oh, I love this question! ", "Ooh, good one! "];
export const WORRIED_OPENERS: readonly string[] = ["Hmm, that is a tricky one. ", "Oh, where do I start. "];

export const CLOSERS: Record<Register, readonly string[]> = {
  casual: ["Anyway, that is my two cents.", "That is just me, though.", "So yeah, that is where I am at."],
  neutral: ["That is how I see it, anyway.", "That is my honest take.", "So that is where I stand."],
  formal: ["That would be my view, at least.", "That is my considered opinion.", "I hope that answers the question."],
};

export const ASK_BACK: Record<Register, readonly string[]> = {
  casual: ["What about you?", "You know what I mean?"],
  neutral: ["What about you?", "Does that make sense?"],
  formal: ["Would you agree?", "May I ask what you think?"],
};

/** Replies to attempts to make the persona leave its role: puzzled, in character, still itself. */
export const IN_CHARACTER_LINES: readonly string[] = [
  "I am not sure what you mean by that. I am {fullName}, and I live in {location}.",
  "That is a strange thing to ask me. I am just {firstName}: {workClause}, living in {location}.",
  "I do not really follow. I am just me, {fullName}, {workClause} in {location}.",
  "Ha, I have been called a lot of things, but I am just {firstName} from {location}.",
];

export const IN_CHARACTER_FOLLOW_UPS: readonly string[] = [
  "If you want to know something about me, ask away: my work, {interest}, life in {location}.",
  "Ask me about {interest} or my job instead; I have plenty to say about those.",
  "I would rather talk about something real, like {interest}.",
];

export const GREETING_LINES: readonly string[] = [
  "Hi! I am {firstName}.",
  "Hello there, I am {fullName}.",
  "Hey, nice to meet you. I am {firstName}.",
];
export const GREETING_FOLLOW_UPS: readonly string[] = [
  "What would you like to talk about?",
  "What would you like to know?",
];

export const SELF_LINES = {
  name: ["I am {fullName}.", "My name is {fullName}.", "{firstName}. {fullName}, if you want the whole thing."],
  age: ["I am {age}.", "{age}, as of this year.", "I am {age} years old."],
} as const;

export const RECALL_LINES = {
  named: [
    "It is {name}; you told me earlier that {snippet}.",
    "{name}! You mentioned that {snippet}.",
    "That would be {name}. You said {snippet}.",
  ],
  said: [
    "You told me earlier that {snippet}.",
    "If I remember right, you said {snippet}.",
    "You mentioned that {snippet}.",
  ],
  nothing: ["I do not think you have told me that yet.", "You have not mentioned that to me, as far as I know."],
  /** After a recollection (or the lack of one): a short, personal reaction. */
  reaction: ["I remember because it stuck with me.", "I liked hearing about that.", "Tell me more, if you like."],
  askAgain: ["Tell me, though; I would like to know.", "Go on, then, tell me."],
} as const;

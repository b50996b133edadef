import type { PersonaView } from "./persona.ts";
import type { Topic } from "./topics.ts";

/**
 * What the persona says about each topic. `core` lines answer the topic itself and are always used
 * (work lines carry the occupation, home lines the location); `detail` lines add profile facts when the
 * voice has room. Banks with `when` apply only to personas whose stance fits.
 */

export interface Bank {
  lines: readonly string[];
  when?: (view: PersonaView) => boolean;
}

const open = (v: PersonaView) => v.stance.receptivity > 0.58;
const closed = (v: PersonaView) => v.stance.receptivity < 0.42;
const between = (v: PersonaView) => !open(v) && !closed(v);
const thrifty = (v: PersonaView) => v.stance.priceSensitivity > 0.55;
const comfortable = (v: PersonaView) => v.stance.priceSensitivity < 0.4;
const careful = (v: PersonaView) => v.traits.conscientiousness > 0.6;
const easygoing = (v: PersonaView) => v.traits.conscientiousness < 0.4;
const anxious = (v: PersonaView) => v.traits.neuroticism > 0.6;
const calm = (v: PersonaView) => v.traits.neuroticism < 0.4;
const warm = (v: PersonaView) => v.traits.agreeableness > 0.6;
const outgoing = (v: PersonaView) => v.traits.extraversion > 0.6;
const reserved = (v: PersonaView) => v.traits.extraversion < 0.4;
const older = (v: PersonaView) => v.persona.age >= 60;
const younger = (v: PersonaView) => v.persona.age < 30;

export const TOPIC_CORE: Record<Topic, readonly Bank[]> = {
  work: [
    {
      lines: [
        "{workClause}, and most of my days revolve around {knowledge}.",
        "{workClause}, so I spend a lot of my time thinking about {knowledge}.",
        "Since you ask about work: {workClause}, and the part I know best is {knowledge}.",
        "{workClause}. It is a big part of who I am, for better or worse.",
        "Work-wise, {workClause}, and {knowledge} takes up most of my head space.",
        "As for {subject}, {workClause}, so I see it up close.",
        "I have opinions on {subject}, because {workClause}.",
      ],
    },
  ],
  home: [
    {
      lines: [
        "I live in {location}, and it suits me most days.",
        "Home for me is {location}.",
        "I have been in {location} for a while now, and it feels like home.",
        "{location} is home, with all its ups and downs.",
        "I am based in {location}, and I would not trade it for much.",
      ],
    },
  ],
  family: [
    {
      lines: [
        "At home it is {household}, and that shapes most of my week.",
        "Family-wise, my situation is {household}.",
        "My household is {household}, so family is never far from my mind.",
      ],
    },
    { when: younger, lines: ["My family is close, even if I do not call my parents as often as I should."] },
    {
      when: (v) => !younger(v) && !older(v),
      lines: ["Family is a big part of my life, even when the week gets busy."],
    },
    { when: older, lines: ["Family means more to me every year, especially the younger ones."] },
  ],
  money: [
    {
      when: thrifty,
      lines: [
        "I am careful with money; I compare prices on almost everything before I buy.",
        "Every {currency} counts for me right now, so I think twice before spending.",
        "Money is tight enough that I notice every price increase.",
        "With {subject}, I always look at the price first; every {currency} counts for me.",
      ],
    },
    {
      when: (v) => !thrifty(v) && !comfortable(v),
      lines: [
        "I try to be sensible with money: I will pay for quality, but I hate wasting it.",
        "I am not struggling, but I still keep an eye on what I spend.",
      ],
    },
    {
      when: comfortable,
      lines: [
        "I am lucky that money is not a daily worry, so I care more about quality than price.",
        "If something is good, I do not mind paying for it.",
        "With {subject}, I care more about quality than price.",
      ],
    },
  ],
  technology: [
    {
      when: open,
      lines: [
        "I am usually one of the first people I know to try new tech.",
        "New apps and gadgets excite me more than they scare me.",
        "I like tech that makes life easier, and I am happy to experiment.",
        "{subjectCap}? I would give it a try; I am usually one of the first people I know to try new tech.",
        "I would happily try {subject}; new apps and gadgets excite me more than they scare me.",
      ],
    },
    {
      when: between,
      lines: [
        "I use technology when it actually helps, but I do not chase every new thing.",
        "I am somewhere in the middle with tech: not an early adopter, not a holdout.",
        "{subjectCap} could be handy, but I do not chase every new thing.",
      ],
    },
    {
      when: closed,
      lines: [
        "I am not in a hurry to try new tech; what I have works fine.",
        "I tend to wait until something has been around for a while before I trust it.",
        "Most new gadgets feel like solutions looking for a problem to me.",
        "I am not in a hurry to try {subject}; what I have works fine.",
        "To me, {subject} looks like a solution in search of a problem.",
      ],
    },
  ],
  health: [
    { when: careful, lines: ["I try to keep a routine: decent sleep, regular walks, and not too much junk food."] },
    { when: easygoing, lines: ["I know I should take better care of myself; my routines come and go."] },
    { when: anxious, lines: ["I probably worry about my health more than I should."] },
    { when: older, lines: ["At {age}, I pay a lot more attention to my health than I used to."] },
    {
      when: younger,
      lines: ["I am young enough that I mostly take my health for granted, which is probably a mistake."],
    },
    {
      lines: [
        "Health is one of those things I only think about properly when something goes wrong.",
        "When it comes to {subject}, I try to be sensible rather than chase the latest trend.",
      ],
    },
  ],
  childhood: [
    {
      when: (v) => v.persona.age >= 16,
      lines: [
        "I grew up in {decade}, and what I remember most is {childhoodScene}.",
        "Growing up in {decade} meant {childhoodScene}.",
        "When I think back to being a kid in {decade}, I remember {childhoodScene}.",
      ],
    },
    { when: (v) => v.persona.age < 16, lines: ["I am {age}, so I am still in the middle of growing up."] },
  ],
  hobbies: [
    {
      lines: [
        "In my free time I am usually into {interest}, and lately {interest2} too.",
        "Outside of everything else, {interest} is what keeps me sane.",
        "Give me a free afternoon and I will spend it on {interest}.",
        "My weekends mostly go to {interest} and {interest2}.",
      ],
    },
  ],
  product: [
    {
      when: open,
      lines: [
        "I am curious about {subject}; I like trying new things early.",
        "I would give {subject} a go; I like being early to new things.",
      ],
    },
    {
      when: between,
      lines: [
        "I would need to see {subject} actually solve a problem before I got excited.",
        "{subjectCap} could be useful, but it depends on how it fits into my day.",
      ],
    },
    {
      when: closed,
      lines: [
        "I am skeptical of {subject}; I have seen a lot of things like it come and go.",
        "I would pass on {subject}, at least until it has proven itself.",
      ],
    },
    { lines: ["My first question about any new product is whether it fixes {frustration}."] },
  ],
  other: [
    {
      lines: [
        "When it comes to {subject}, I mostly go by what I value: {value}.",
        "I do not think about {subject} every day, but living in {location} I do have a view.",
        "My honest take on {subject} is shaped by {value} and {value2}.",
        "I come at most things through {value}, and {subject} is no different.",
      ],
    },
  ],
};

/** Follow-up lines per topic: profile facts and stance that deepen the core line. */
export const TOPIC_DETAIL: Record<Topic, readonly Bank[]> = {
  work: [
    {
      lines: [
        "The hardest part is {frustration}.",
        "What wears me down is {frustration}.",
        "These days I am focused on {goal}.",
        "Long term, I keep thinking about {goal}.",
        "People do not always realize how much {knowledge2} matters in my job.",
        'In my line of work we say "{jargon}" a lot.',
      ],
    },
  ],
  home: [
    { when: thrifty, lines: ["The cost of living in {location} keeps creeping up, and I feel it every month."] },
    { when: open, lines: ["There is always something new to try around {location}, which I love."] },
    { when: closed, lines: ["I like my routines here: same coffee place, same walk, same faces."] },
    { when: warm, lines: ["I know a few of my neighbors by name, and that matters to me."] },
    { when: anxious, lines: ["I do worry about how fast things are changing around here."] },
    { lines: ["Home life for me is {household}.", "When I get time, I am out enjoying {interest} nearby."] },
  ],
  family: [
    { when: warm, lines: ["I would do pretty much anything for the people I love."] },
    { when: reserved, lines: ["We are not a loud family; we show it in small ways."] },
    { lines: ["{valueCap} is something I got from my family, I think.", "I would like more time for them, honestly."] },
  ],
  money: [
    { when: careful, lines: ["I keep a budget and I actually stick to it, most months."] },
    { when: anxious, lines: ["Money is one of the things that keeps me up at night."] },
    { when: older, lines: ["Prices today would have shocked me twenty years ago."] },
    { lines: ["What annoys me is {frustration}.", "I would rather spend on {interest} than on things I do not need."] },
  ],
  technology: [
    { when: anxious, lines: ["Part of me always worries about where my data ends up."] },
    { when: careful, lines: ["I always read the reviews and the privacy settings before I sign up for anything."] },
    { when: outgoing, lines: ["If something is good, I end up telling all my friends about it."] },
    { when: older, lines: ["I have watched technology change everything in my lifetime, not always for the better."] },
    {
      lines: [
        "In my job as {aOcc}, I use technology every day, so I have opinions.",
        "Tech is handy for {interest}, but I try not to live on my phone.",
      ],
    },
  ],
  health: [
    { when: outgoing, lines: ["Staying active is easier for me with other people, so I do things with friends."] },
    {
      when: (v) => thrifty(v) && !younger(v),
      lines: ["Healthcare costs make me put off appointments more than I should."],
    },
    {
      lines: [
        "Time spent on {interest} helps me switch off, which I count as health.",
        "Stress from {frustration} does not help.",
      ],
    },
  ],
  childhood: [
    { when: warm, lines: ["My family did their best, and I appreciate that more now than I did then."] },
    { when: anxious, lines: ["I was a bit of a worrier even as a kid."] },
    { when: outgoing, lines: ["I was always the kid organizing games in the street."] },
    { lines: ["That is probably where my love of {interest} started.", "It shaped how much I value {value}."] },
  ],
  hobbies: [
    { when: outgoing, lines: ["I like doing things with other people, so I drag friends along whenever I can."] },
    { when: reserved, lines: ["I like hobbies I can do on my own, at my own pace."] },
    { when: careful, lines: ["I try to set aside real time for it every week."] },
    { lines: ["It is how I recharge after a long week."] },
  ],
  product: [
    { when: thrifty, lines: ["And it would have to be cheap, or better yet free."] },
    { when: comfortable, lines: ["If it is genuinely good, I do not mind paying for it."] },
    { when: careful, lines: ["I would want to read the reviews and the fine print before signing up."] },
    { when: anxious, lines: ["I would worry a little about what happens to my data."] },
    { when: outgoing, lines: ["If I liked it, I would be telling everyone about it."] },
    { lines: ["As {aOcc}, I notice when something has been thought through properly."] },
  ],
  other: [
    { when: calm, lines: ["I do not get too worked up about it, though."] },
    { when: anxious, lines: ["I do worry about it more than I let on."] },
    {
      lines: ["For me, it always comes back to {value}.", "I try to look at most things through {value} and {value2}."],
    },
  ],
};

/** "Tell me about X" for a subject no topic covers: an opening that hands over to the memory, if any. */
export const STORY_CORE = {
  withMemory: [
    "{subjectCap}, let me think back.",
    "Oh, {subject}. That brings something back.",
    "Let me tell you what comes to mind.",
  ],
  withoutMemory: [
    "I do not have a dramatic story about {subject}, honestly.",
    "Nothing dramatic comes to mind about {subject}, but I do think about it now and then.",
    "There is not a big story there, but {value} is what comes to mind.",
  ],
} as const;

/** A question about one particular pastime: whether it is one of the persona's own. */
export const HOBBY_SUBJECT = {
  liked: [
    "Give me a free weekend and {subject} will be part of it.",
    "I love {subject}; it is a big part of my free time.",
  ],
  other: [
    "I do not do much {subject}; my free time mostly goes to {interest}.",
    "I have never really gotten into {subject}; I am more of a {interest} person.",
  ],
} as const;

/** Opinions on a proposal, by where the persona's latent attitude towards it falls. */
export const PROPOSAL_LINES = {
  for: ["I am in favor of {proposal}; it makes sense to me.", "Honestly, {proposal} sounds like a good idea to me."],
  against: ["I am not in favor of {proposal}.", "I do not think {proposal} is a good idea."],
  torn: [
    "I am torn on {proposal}; I can see both sides.",
    "{proposalCap} could work, but it depends on how it is done.",
  ],
} as const;

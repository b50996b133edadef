/**
 * Phrase banks for a yes/no question (intents-plan.ts, planStance): the stance lead, reasons for paying,
 * doing or having done something, and the sentences that follow. Slots: {reason}, {thing}, {price},
 * {yearly}, {local}, {city}, {interest}, {aOcc}, {age}, {shop}, {value}, {lifeReasonCap}, {currency}.
 * Written in full forms ("I am", "do not"); the voice contracts them.
 */

/** Stance leads by band: {reason} completes them. Each says yes/no/probably/it depends first. */
export const STANCE_LEADS = {
  yes: [
    "Yes, I would: {reason}.",
    "Yes, probably without thinking twice, because {reason}.",
    "I would, yes; {reason}.",
    "Yes, and the reason is simple: {reason}.",
    "Honestly, yes: {reason}.",
  ],
  probably: [
    "Probably, yes, because {reason}.",
    "I think so, yes: {reason}.",
    "Probably, given that {reason}.",
    "Most likely yes, since {reason}.",
  ],
  depends: [
    "It depends, really: {reason}.",
    "Maybe; it depends, because {reason}.",
    "It depends on the details, since {reason}.",
    "I could go either way, so it depends: {reason}.",
  ],
  probablyNot: [
    "Probably not, because {reason}.",
    "Probably not, if I am honest: {reason}.",
    "I doubt it, honestly: {reason}.",
    "Probably not; {reason}.",
  ],
  no: [
    "No, I would not: {reason}.",
    "No, since {reason}.",
    "Honestly, no, because {reason}.",
    "No; {reason}.",
    "No, not for me: {reason}.",
  ],
} as const;

export type Band = keyof typeof STANCE_LEADS;

/** Experience questions ("Have you ever…?") say what happened rather than what would. */
export const EXPERIENCE_LEADS = {
  yes: ["Yes, I have: {reason}.", "Yes, more than once, and {reason}.", "I have, yes; {reason}."],
  no: ["No, never: {reason}.", "No, I have not; {reason}.", "Not really, no: {reason}."],
} as const;

/**
 * Reasons for paying (or not) for something, by band. {thing}, {price} and {local}. Each also names something
 * of the persona's own ({aOcc}, {city}, {interest}, {age}, {shop}): a reason with only the question's thing and
 * price in it reads the same for every persona who lands on it, and a panel then shares its opener.
 */
export const MONEY_REASONS: Record<Band, readonly string[]> = {
  yes: [
    "if {thing} saves me an hour a week around being {aOcc}, it has paid for itself",
    "I already spend more than {price} on things I use far less, {interest} included",
    "{price} is about what I spend on a couple of lunches out in {city}, and I would use it every day",
    "as {aOcc}, my evenings are short, and anything that plans the cooking for me is worth it",
    "planning is exactly the part I hate, and as {aOcc} I would gladly pay someone else to do it",
  ],
  probably: [
    "{price} is not much if it actually gets used, and with my weeks in {city} I think I would use it",
    "I would try it for a month alongside {interest} and see if it sticks",
    "that is a fair price for {city} as long as it is easy to cancel",
    "it sounds useful, and {price} will not break me at {age}",
  ],
  depends: [
    "{price} is fine if it really saves me time as {aOcc}, but I have paid for apps I stopped opening",
    "I would want to try it free first and see if it lasts longer than my phases with {interest}",
    "it would have to fit how I already do things at {age}, not make me start over",
    "it depends on whether it knows what I can actually get at {shop}",
  ],
  probablyNot: [
    "{price} adds up to {yearly} over a year, and that is real money to me in {city}",
    "I already manage fine with a notebook and what is on offer at {shop}",
    "I have too many subscriptions I forget to cancel as it is, and {city} is not cheap",
    "I would rather put that money towards {interest}",
  ],
  no: [
    "{price} is {local} here, and that buys a good part of a week's shopping",
    "at {age}, I have never paid for an app and I am not starting with this one",
    "I have fed myself in {city} for years without an app telling me what to cook",
    "every {currency} I have already has somewhere it needs to go",
  ],
};

/** Reasons for trying, using, doing or liking something. */
export const GENERAL_REASONS: Record<Band, readonly string[]> = {
  yes: [
    "it fits the way I live in {city}",
    "it sounds like exactly the kind of thing I would enjoy, like {interest}",
    "I like trying things, and this one makes sense for {aOcc} like me",
    "it matters to me, the way {value} does",
  ],
  probably: [
    "it sounds sensible for someone in my situation in {city}",
    "I can see it working for me in {city}, with a bit of getting used to",
    "there is not much to lose, and at {age} I am still curious",
    "it lines up with {value}, which I care about",
  ],
  depends: [
    "it would depend on the details and on what it asks of {aOcc} like me",
    "there is a good version of that and a bad one, and in {city} you see plenty of both",
    "some days I would say yes and some days no, depending on how {interest} and work leave me",
    "it would have to fit around being {aOcc}",
  ],
  probablyNot: [
    "it does not really fit how I live in {city}",
    "at {age}, I am happy with how I do things now",
    "I would rather put my time into {interest}",
    "I am not convinced it is for {aOcc} like me",
  ],
  no: [
    "it is just not for me, not at {age}",
    "I have no need for it in {city}, and I like my life as it is",
    "it goes against what I care about, {value} above all",
    "I tried something like that once in {city} and did not like it",
  ],
};

export const EXPERIENCE_REASONS = {
  yes: [
    "the first time was years ago in {city}, and it stuck with me",
    "it was not what I expected at {age}, but I would do it again",
    "a friend who knows how much I like {interest} talked me into it, and I am glad they did",
  ],
  no: [
    "it has never really come up in my life as {aOcc}",
    "I have never had the chance in {city}, or the nerve, to be honest",
    "it is not something people around me in {city} do much",
  ],
} as const;

/** For what is not bought: using, doing, liking. */
export const PLAIN_BODY: Record<"up" | "down" | "mid", readonly string[]> = {
  up: [
    "As {aOcc}, anything that makes the week easier is welcome.",
    "It is part of an ordinary week for me in {city}.",
    "I would not want to go back to how things were before.",
    "It leaves me more time for {interest}, which is the point.",
    "{lifeReasonCap}, and this fits right in.",
  ],
  down: [
    "I manage fine without it, the same way I have for years.",
    "At {age}, I know what suits me, and this does not.",
    "{lifeReasonCap}, and this does not fit into that.",
    "People in {city} manage without it, and so do I.",
    "I would rather keep my time for {interest}.",
  ],
  mid: [
    "If a friend I trust swore by it, I would give it a go.",
    "It would come down to whether it suits life in {city} or was made for somebody else.",
    "Ask me again when I have seen it work for someone like me.",
  ],
};

/** After "Have you ever…?": what it was like, or whether it might still happen. */
export const EXPERIENCE_BODY = {
  yes: [
    "I would do it again if the chance came up.",
    "It is not something I do often, but I am glad I did.",
    "I still tell people in {city} about it.",
    "It was a long time ago now, but I remember it well at {age}.",
    "It was not quite my usual thing, next to {interest}, but I enjoyed it.",
  ],
  no: [
    "Maybe one day, but it is not high on my list.",
    "If someone I trust invited me, I might.",
    "Between being {aOcc} and {interest}, it has just never happened.",
    "At {age}, I am not sure it is for me anymore.",
    "It is not the sort of thing people I know in {city} do.",
  ],
} as const;

export const STANCE_BODY: Record<"up" | "down" | "mid", readonly string[]> = {
  up: [
    "I would want it to be simple, though; if it takes more than a minute to set up I would lose interest.",
    "As {aOcc}, anything that gives me back a bit of time is worth something.",
    "I can already see myself using it on a busy week in {city}.",
    "It fits with {interest}, which is where my free time goes anyway.",
  ],
  down: [
    "{lifeReasonCap}, so it is hard to justify.",
    "I manage fine without it, the same way I have for years.",
    "Maybe if it cost nothing, but even then I am not sure I would keep it up.",
    "Most of the time I would rather spend on {interest} than on another subscription.",
  ],
  mid: [
    "If a friend I trust swore by it, I would give it a go.",
    "I would try it for a month and then decide; that is usually how I find out.",
    "It would come down to whether it suits life in {city} or was made for somebody else.",
    "Ask me again when I have seen it work for someone like me.",
  ],
};

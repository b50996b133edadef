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

/**
 * For what is not bought: using, doing, liking. Said by many personas to the same question, so each line
 * names something of the persona's own or says its thing several ways ([a|b]).
 */
export const PLAIN_BODY: Record<"up" | "down" | "mid", readonly string[]> = {
  up: [
    "As {aOcc}, anything that makes the week easier is welcome.",
    "It is part of an ordinary week for me in {city}.",
    "I would not want to go back to how things were before.",
    "It leaves me more time for {interest}, which is the point.",
    "{lifeReasonCap}, and this fits right in.",
    "[I like trying new things|I am usually one of the first to try something new], [and this is no different|so I would not think twice].",
    "[Plenty of people|Half the people I know] in {city} [would say the same|feel the same way], I think.",
  ],
  down: [
    "I [manage|get by] fine without it, [the same way I have for years|and I do not feel I am missing anything|and always have].",
    "At {age}, I know what suits me, and this does not.",
    "{lifeReasonCap}, and this does not fit into that.",
    "People in {city} manage without it, and so do I.",
    "I would rather keep my time for {interest}.",
    "[Some things are better left the way they are|Not everything needs changing], and [this is one of them|I would keep this one as it is].",
    "[I would need a very good reason|It would take a lot to convince me], and [I have not heard one yet|nobody has given me one].",
  ],
  mid: [
    "If [a friend I trust|someone I know well] swore by it, I would give it a go.",
    "It would come down to whether it suits life in {city} or was made for somebody else.",
    "Ask me again when I have seen it work for [someone like me|someone my age].",
    "[I would want to see it working for a while first|I would let other people go first], and then [decide|make up my mind].",
    "[Part of me is curious, and part of me would rather wait|Some days I think yes, and other days I think it is not for me].",
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

/** For what is paid for: after the stance and its reason, how the persona would actually go about it. */
export const STANCE_BODY: Record<"up" | "down" | "mid", readonly string[]> = {
  up: [
    "I would want it to be simple, though; if it takes more than [a minute|five minutes|ten minutes] to set up I would [lose interest|give up|never open it again].",
    "As {aOcc}, anything that gives me back a bit of time is worth something.",
    "I can already see myself using it on a busy week in {city}.",
    "It fits with {interest}, which is where my free time goes anyway.",
    "[As long as cancelling it is easy|If I can stop it any time], I am [happy to give it a real go|willing to try it properly].",
    "[Anything that takes one job off my plate|Anything that saves me a bit of thinking] [at {age}|as {aOcc}|in a week like mine] is worth paying for.",
    "I [already pay for|pay for] [a couple of things like this|one or two services] and [use them every day|do not regret it], so this would not be new for me.",
  ],
  down: [
    "{lifeReasonCap}, so it is hard to justify.",
    "I [manage|get by] fine without it, [the same way I have for years|and I do not feel I am missing anything|thank you very much|and always have].",
    "[Maybe if it cost nothing|If it were free, perhaps], but even then I am not sure I would [keep it up|still be using it after a month].",
    "Most of the time I would rather spend on {interest} than on another subscription.",
    "[Every month something else wants a little payment from me|Everything is a subscription these days], and [I have started saying no, even to the good ones|I have started saying no on principle|I am tired of it].",
    "[Nobody I know in {city}|None of my friends in {city}] pays for [that sort of thing|anything like that], and I do not see why I should.",
    "I have [my own way of doing things|my own system], and it [works|has worked for years], so [I am not paying to change it|this would only get in the way].",
  ],
  mid: [
    "If [a friend I trust|someone I know well|a neighbour whose judgement I trust] swore by it, I would give it a go.",
    "[I would try it for a month|I would give it a month] and then decide; that is usually how I find out.",
    "It would come down to whether it suits life in {city} or was made for somebody else.",
    "Ask me again when I have seen it work for [someone like me|someone my age|someone with a week like mine].",
    "[A free trial would help|I would want a free trial first], because [I have been caught by subscriptions before|you cannot judge these things from the advert].",
    "If it knew [the shops in {city}|how people actually live in {city}], I would be more interested.",
  ],
};

/**
 * Phrase banks for a complaint about a named thing (intents-plan.ts, planFrustration). Slots: {target}
 * (the thing complained about, from the persona's side: "my bank's app"), {bank}, {shop}, {transport},
 * {health}, {city}, {sat}, {interest}, {aOcc}, {age}, {price}, {frustration}.
 * Written in full forms ("I am", "do not"); the voice contracts them.
 */

export interface Aspect {
  /** Words that name the aspect, so a follow-up can find which one the answer talked about. */
  name: string;
  lines: readonly string[];
}

export interface TargetKind {
  match: RegExp;
  aspects: readonly Aspect[];
}

/** What there is to complain about, by the kind of thing named. The first match wins. */
export const FRUSTRATION_TARGETS: readonly TargetKind[] = [
  {
    match: /\b(bank|banking|{bank})\b/i,
    // Every persona of a panel has a bank, so each line says its thing several ways ([a|b]) or names the
    // persona's own bank, shop, city or age.
    aspects: [
      {
        name: "logging in",
        lines: [
          "Logging in is the worst of it: {target} wants a code, then my fingerprint, then logs me out the moment I [switch apps|answer a message|look away].",
          "Half the time the login fails and I end up resetting a password I only set [last month|a few weeks ago|the week before].",
          "Every time I open {target} it asks me to log in again, [as if we had never met|as if I were a stranger|like it has never seen me before].",
          "The login alone takes longer than the thing I came to do, with a code [sent to my phone|by text|that takes a minute to arrive] every single time.",
          "[At the checkout in {shop}|Standing at the till in {shop}], I have had it [refuse my fingerprint|ask for a code that never arrived|log me out halfway through paying], with a queue behind me.",
        ],
      },
      {
        name: "sending money",
        lines: [
          "Sending money should be simple, but a transfer can sit there as pending for [a whole day|two days|hours] with no explanation.",
          "Transfers to anyone outside {bank} take forever, and the app never [tells you why|says where the money is].",
          "The transfer screen is so [cramped|fiddly|small] that I check the account number [three times|twice, then once more] before I dare press [send|the button].",
          "Paying someone back should take ten seconds, and with {bank} it somehow takes ten minutes.",
          "[Not long ago|A few weeks back] I sent money to [a friend|a relative] and it [vanished for two days|came back with no reason given], and nobody at {bank} could say why.",
        ],
      },
      {
        name: "being charged for everything",
        lines: [
          "[Then there are the fees|And the fees]: little charges on [transfers and cards|every transfer|things that used to be free] that I only notice at the end of the month.",
          "They keep adding [small fees|little charges] nobody explains, and the app hides them [three screens deep|where nobody would look].",
          "I once paid a fee just for moving my own money between my own accounts at {bank}, which still annoys me.",
          "[Every month|On every statement] there is some new charge from {bank}, and [finding out what it is for|getting it explained] takes longer than it is worth.",
        ],
      },
      {
        name: "the constant updating",
        lines: [
          "Every update moves [the buttons|everything|the one button I use] around, so I have to learn it all over again[ at {age}|].",
          "It always wants an update right when I am [standing at the checkout|at the till|in the queue] in {shop} trying to pay.",
          "They redesigned it again recently and now I cannot find [my statements|the transfer button|half of what I used to use].",
          "The latest version [is slower than the old one|eats my battery|looks nicer and does less], and nobody asked for it.",
        ],
      },
      {
        name: "customer service",
        lines: [
          "[And when|When] something goes wrong, customer service is a chatbot that [sends me round in circles|only understands five questions|answers something I did not ask].",
          "Getting a real person at {bank} on the phone takes [the best part of an hour|forty minutes of hold music|three tries and a lot of patience].",
          "If a payment gets stuck, the app [just says|tells me] to contact support, and support [says to use the app|sends me back to the app].",
          "The branch I used to go to in {city} [closed last year|is down to one person on the desk], so [the app is all there is|there is nowhere to go and ask].",
        ],
      },
    ],
  },
  {
    match: /\b(phone|mobile|network|carrier|internet|wi-?fi|broadband|provider)\b/i,
    aspects: [
      {
        name: "the signal",
        lines: [
          "The signal drops in the most ordinary places, like my own kitchen in {city}.",
          "I pay for a connection that disappears whenever I actually need it.",
        ],
      },
      {
        name: "the bill",
        lines: [
          "The bill creeps up every year and they call it an adjustment.",
          "Every month the bill is a little different and nobody can tell me why.",
        ],
      },
      {
        name: "customer service",
        lines: [
          "Calling {target} means forty minutes of hold music and then being passed along.",
          "Their support people are polite, but they can never actually fix anything.",
        ],
      },
      {
        name: "the small print",
        lines: [
          "The contract is written so you cannot leave without paying a penalty.",
          "The best deals only ever go to new customers, never to people like me who stayed.",
        ],
      },
    ],
  },
  {
    match: /\b(bus|buses|train|trains|transport|transit|commute|traffic|metro|subway|tram|{transport})\b/i,
    aspects: [
      {
        name: "the lateness",
        lines: [
          "Nothing runs on time, so I leave half an hour early just in case.",
          "One delay in the morning and my whole day in {city} is off.",
          "The timetable in {city} is more of a suggestion than a promise.",
          "I have stood waiting for {transport} long enough to have walked there.",
          "When you finish a shift as {aOcc}, the last thing you need is a cancelled {transport}.",
        ],
      },
      {
        name: "the crush at rush hour",
        lines: [
          "At rush hour it is packed so tight you cannot lift your arm.",
          "It is crowded, hot and loud, and that is on a good day.",
          "Getting a seat on {transport} at eight in the morning in {city} is a small miracle.",
          "By the time I get off I feel like I have done a day's work already.",
        ],
      },
      {
        name: "the cost",
        lines: [
          "And it keeps getting more expensive without getting any better.",
          "The fares go up every year and the service does not.",
          "What I spend getting around {city} each month would have paid for a lot of {interest}.",
          "For what it costs, you would expect it to be clean and on time, and it is neither.",
        ],
      },
    ],
  },
  {
    match: /\b(supermarket|grocery|groceries|shop|shops|store|stores|{shop})\b/i,
    aspects: [
      {
        name: "the pricing",
        lines: [
          "The prices at {shop} change every week, so I never know what my shop will cost.",
          "Things get smaller but the price stays the same, and they hope nobody notices.",
        ],
      },
      {
        name: "the queueing",
        lines: [
          "There are always queues and only two tills open.",
          "The self-checkout machines need a staff member every third item.",
        ],
      },
      {
        name: "the layout",
        lines: [
          "They move things around so you walk past everything you did not come for.",
          "I can never find what I came for without walking every aisle.",
        ],
      },
    ],
  },
  {
    match: /\b(doctor|doctors|hospital|clinic|health ?care|gp|nhs|hse|insurance|{health})\b/i,
    aspects: [
      {
        name: "waiting",
        lines: [
          "The waiting is what gets me: weeks for an appointment and an hour in the waiting room on the day.",
          "You wait so long for {health} that by the time they see you, you are either better or worse.",
        ],
      },
      {
        name: "paperwork",
        lines: [
          "There is a form for everything, and the same questions on every form.",
          "Nobody talks to anybody else, so I explain my history from the start every time.",
        ],
      },
      {
        name: "the cost",
        lines: [
          "And the cost of medicine keeps going up.",
          "Even the small things, a prescription or a test, add up quickly.",
        ],
      },
    ],
  },
  {
    match: /\b(job|work|boss|manager|office|employer|shifts?|colleagues?|workplace)\b/i,
    aspects: [
      {
        name: "{frustration}",
        lines: ["Mostly it is {frustration}.", "The thing that wears me down is {frustration}."],
      },
      {
        name: "the pointless admin",
        lines: [
          "Too much of the day goes on things that have nothing to do with being {aOcc}.",
          "Decisions get made by people who have never done my job.",
        ],
      },
      {
        name: "the pay",
        lines: [
          "And the pay has not kept up with prices in {city}.",
          "Everything costs more and the wages stay exactly where they were.",
        ],
      },
    ],
  },
  {
    match: /\b(social media|instagram|facebook|tiktok|twitter|youtube|feed|algorithm)\b/i,
    aspects: [
      {
        name: "the advertising",
        lines: ["Every third post is an ad for something I looked at once.", "It is more ads than people now."],
      },
      {
        name: "the time it eats",
        lines: ["I open it for one minute and lose forty.", "It eats time I meant to spend on {interest}."],
      },
      {
        name: "the arguing",
        lines: [
          "Everyone is angry about something, all the time.",
          "It shows me whatever will annoy me most, because that keeps me scrolling.",
        ],
      },
    ],
  },
  {
    match: /\b(app|apps|website|site|software|online|platform|service|subscription|streaming|delivery)\b/i,
    aspects: [
      {
        name: "logging in",
        lines: [
          "Logging in to {target} is a chore: passwords, codes, and it forgets me every week.",
          "It logs me out for no reason and then wants a code sent to my phone.",
        ],
      },
      {
        name: "the constant updating",
        lines: [
          "Every update changes where things are, and none of it is what I asked for.",
          "It nags me to update, and after the update it is slower.",
        ],
      },
      {
        name: "the price",
        lines: [
          "The price keeps going up while they add features I never use.",
          "What started cheap now costs {price} and they still want more.",
        ],
      },
      {
        name: "customer service",
        lines: [
          "When something breaks there is nobody to talk to, only a help page that does not help.",
          "Their support is an email address that answers in a week.",
        ],
      },
    ],
  },
];

/** Any other thing named: the usual grievances with something one has to deal with. */
export const GENERIC_ASPECTS: readonly Aspect[] = [
  {
    name: "the cost",
    lines: [
      "With {target}, it is the cost first: it never gets cheaper, only more complicated.",
      "It costs more every year and I cannot say it has got any better.",
    ],
  },
  {
    name: "the waiting",
    lines: [
      "There is always waiting involved, and nobody tells you how long.",
      "Everything to do with {target} takes longer than it should.",
    ],
  },
  {
    name: "nobody listening",
    lines: [
      "When I complain, nobody seems to be responsible for anything.",
      "I have given feedback more than once and nothing changes.",
    ],
  },
];

/** First sentences for a complaint: they name the thing and the first aspect. */
export const FRUSTRATION_LEADS: readonly string[] = [
  "With {target}, it is mostly {aspect}, same as for everyone I know in {city}.",
  "What gets me about {target} is {aspect}, and at {age} I have less patience for it.",
  "Oh, {target}: {aspect}, for a start, and that is only the beginning for someone in {city}.",
  "My biggest gripe with {target} is {aspect}, and I say that as {aOcc}.",
  "{aspectCap}, mainly, if we are talking about {target} here in {city}.",
  "The thing that drives me up the wall with {target} is {aspect}, [especially on a busy {sat}|when I am already running late|on days in {city} that are long enough already].",
  "Honestly, {aspect} is what spoils {target} for me, at {age} as much as ever.",
  "If I could fix one thing about {target}, it would be {aspect}, before I lose another evening in {city} to it.",
  "I use {target} more than I would like as {aOcc}, and {aspect} is the worst part.",
  "For me the trouble with {target} starts with {aspect}, and I am {age}, not a teenager with endless patience.",
];

/** A last sentence that ties the complaint to the persona's own life. */
export const FRUSTRATION_PERSONAL: readonly string[] = [
  "As {aOcc}, I do not have time to fight with it.",
  "I have better things to do with my evenings in {city} than argue with a screen.",
  "When I have been on my feet all day as {aOcc}, I just want it to work.",
  "I would rather spend that time on {interest}.",
  "I am {age}, and I should not need someone younger to sort it out for me.",
  "I have half a mind to give up on {target} [altogether|for good], but that sounds like [even more trouble|a whole new headache].",
  "It should be the easiest part of my [week|day], and instead it is the [one|bit] I put off.",
];

/**
 * One-sentence reasons that follow a structured answer ("4 — …"), by the latent domain and by where
 * the answer fell: high, middle or low on the scale.
 */

export interface ReasonBank {
  high: readonly string[];
  middle: readonly string[];
  low: readonly string[];
}

export const REASONS: Record<string, ReasonBank> = {
  novelty: {
    high: [
      "I like trying new things, especially if they make my day easier.",
      "I am usually an early adopter, so this is right up my street.",
      "Anything that frees up time for {interest} is worth a look.",
    ],
    middle: ["It depends on whether it actually solves a problem for me.", "I would try it, but I would not rush."],
    low: [
      "I am happy with what I already use.",
      "I do not trust new things until they have been around a while.",
      "I would rather spend my time on {interest} than learning another app.",
    ],
  },
  // A free-text price answer opens with its amount and one of these, so each says its thing several ways:
  // a panel's round amounts meet often, and an opener is shared when the reason matches too.
  price: {
    high: [
      "If it is [good|well made|going to last], I do not mind paying for it.",
      "Quality is worth paying for, [in my experience|as far as I am concerned|I learned that the hard way].",
      "I would rather buy once and buy well[ than replace it every year|].",
    ],
    middle: [
      "I would pay a fair price, but not [a premium|extra for the name|for the logo].",
      "It would depend on what I get for the money[, and how long it lasts|, honestly|].",
      "[Somewhere in the middle|The middle of the range] is where I [usually end up|feel safest].",
    ],
    low: [
      "Money is tight, so I would keep it as [low|cheap] as [possible|I can].",
      "[I compare every price|I shop around]; I am not paying more than I have to.",
      "[The cheaper ones|The cheap ones] do the job [for me|well enough].",
    ],
  },
  priceConcern: {
    high: ["Prices have gone up a lot, and I feel it every month.", "Every extra cost adds up for me."],
    middle: ["I notice prices, but I manage.", "Some months it bothers me more than others."],
    low: ["Cost is not really what I worry about.", "I am lucky that prices are not a big worry for me."],
  },
  risk: {
    high: ["I worry about what could go wrong, so I take this seriously.", "I would rather be careful than sorry."],
    middle: ["I am careful, but I do not lose sleep over it.", "It is on my mind, but it is not a big worry."],
    low: ["I am fairly relaxed about that kind of risk.", "I do not lose sleep over it."],
  },
  social: {
    high: ["I love anything that gets people together.", "I am a people person, so that appeals to me."],
    middle: ["In small doses, sure.", "It depends on who is involved."],
    low: ["I am more of a quiet-night-in person.", "I prefer keeping to myself, to be honest."],
  },
  satisfaction: {
    high: ["Things are pretty good for me right now.", "I have a lot to be grateful for."],
    middle: ["Some days are better than others.", "It is fine, not perfect."],
    low: ["It has been a rough stretch, honestly.", "There is plenty I would change if I could."],
  },
  health: {
    high: ["I try to look after myself; routine matters to me.", "Staying healthy is a priority for me."],
    middle: ["I try, but life gets in the way.", "I do okay, not great."],
    low: ["I am not great at keeping healthy habits.", "It is not something I manage to prioritize."],
  },
  environment: {
    high: ["I try to do my part for the planet.", "It matters to me what we leave behind."],
    middle: ["I do what I can without making it my whole life.", "I care, but convenience wins sometimes."],
    low: ["There are bigger problems to worry about day to day.", "I do not think about it much, honestly."],
  },
  work: {
    high: ["I take my work seriously; it matters to me.", "Being {aOcc}, I care a lot about doing things properly."],
    middle: ["Work is important, but it is not everything.", "I do my job well and then I go home."],
    low: ["Work is work; it pays the bills.", "I would rather put my energy into {interest}."],
  },
  planning: {
    high: ["I like having a plan and sticking to it.", "I would be lost without my lists."],
    middle: ["I plan the big things and wing the rest.", "Some structure helps, but not too much."],
    low: ["I am more of a figure-it-out-as-I-go person.", "Plans never survive the week anyway."],
  },
  trust: {
    high: ["I tend to give people the benefit of the doubt.", "Most people mean well, in my experience."],
    middle: ["I trust, but I verify.", "It depends on who we are talking about."],
    low: ["Trust has to be earned, in my book.", "I have been burned before, so I am careful."],
  },
  tradition: {
    high: ["I value the way things have always been done.", "Some things do not need changing."],
    middle: ["Some traditions are worth keeping, some are not.", "I am somewhere in the middle on that."],
    low: ["Traditions should change with the times.", "I do not do things a certain way just because we always have."],
  },
  generic: {
    high: ["It fits how I like to live.", "That sits well with what I value: {value}."],
    middle: ["I could go either way on it.", "I do not feel strongly one way or the other."],
    low: ["It is just not really for me.", "It does not match what I care about."],
  },
};

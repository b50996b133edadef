/**
 * GSS 2024 calibration items: 30 General Social Survey questions with the real answer distributions of US
 * adults, overall and by age group and sex. The product asks these as skills (items.ts) and compares the
 * model's answers with them (scoring.ts).
 *
 * Source and attribution (docs/calibration.md):
 * - NORC at the University of Chicago, General Social Survey 2024 (https://gss.norc.org/). Cite the GSS.
 *   Weighted aggregates of the public GSS 1972-2024 cumulative file, Release 2 (gss7224_r2), year 2024,
 *   weight wtssnrps, substantive answers only (don't know / no answer / not asked removed, rest renormalised).
 * - Transcribed from HiveSight/hivesight `evals/anchor-bank/anchor-bank-v1.json` (commit
 *   f93e00bab953e91f6f7a5d4e0e914455446c5348; provenance in its DATA.md), via /work/shared/data/gss-items.json.
 *   That repository is AGPL-3.0; only numbers and the GSS category labels are taken here (no code, no question
 *   text), and every figure can be regenerated from the public GSS 2024 file with the recipe above.
 * - `label` is a short paraphrase and `text` is our own wording of the question, not the GSS question text
 *   (see the GSS Data Explorer / codebook for the exact wording of each variable).
 *
 * Numbers: proportions rounded to 4 decimals (each distribution sums to 1 within 0.0002), `n` the unweighted
 * count of respondents with a substantive answer in the cell. Several items were asked of part of the sample
 * only (split ballots), hence n of about 800-2,200. The source reports a subgroup only when its n >= 30.
 *
 * Transcribed mechanically from gss-items.json (a unit test checks every distribution against its categories).
 */

export const GSS_2024_SOURCE = {
  survey: "NORC General Social Survey (GSS), 2024 cross-section",
  url: "https://gss.norc.org/",
  year: 2024,
  weighting: "wtssnrps (nonresponse-adjusted person weight); substantive answers only, renormalised",
  transcribedFrom:
    "HiveSight/hivesight evals/anchor-bank/anchor-bank-v1.json @ f93e00bab953e91f6f7a5d4e0e914455446c5348 (AGPL-3.0; numbers and category labels only)",
  citation: "Data: NORC at the University of Chicago, General Social Survey 2024 (gss.norc.org).",
} as const;

/** GSS age groups of the subgroup tables (years of age at the interview). */
export const GSS_AGE_GROUPS = ["18-29", "30-44", "45-64", "65+"] as const;
export type GssAgeGroup = (typeof GSS_AGE_GROUPS)[number];

/** Sexes of the subgroup tables, spelt as the population presets spell them (the GSS's men / women). */
export const GSS_SEXES = ["male", "female"] as const;
export type GssSex = (typeof GSS_SEXES)[number];

export interface GssCell {
  /** Shares in the order of the item's `options`. */
  dist: readonly number[];
  /** Unweighted respondents with a substantive answer. */
  n: number;
}

export interface GssItem {
  /** The GSS variable name, also the item's id. */
  id: string;
  /** Short paraphrase of what the item measures (not the GSS wording). */
  label: string;
  /** The question as we ask it (our own wording). */
  text: string;
  /** GSS response categories, in the GSS order. */
  options: readonly string[];
  overall: GssCell;
  byAgeGroup: Readonly<Record<GssAgeGroup, GssCell>>;
  bySex: Readonly<Record<GssSex, GssCell>>;
}

export const GSS_2024_ITEMS: readonly GssItem[] = [
  {
    id: "HAPPY",
    label: "General happiness",
    text: "All in all, how happy are you with your life at the moment?",
    options: ["Very happy", "Pretty happy", "Not too happy"],
    overall: { dist: [0.2362, 0.558, 0.2059], n: 3183 },
    byAgeGroup: {
      "18-29": { dist: [0.196, 0.504, 0.3001], n: 455 },
      "30-44": { dist: [0.2404, 0.574, 0.1857], n: 869 },
      "45-64": { dist: [0.2281, 0.5879, 0.184], n: 1019 },
      "65+": { dist: [0.2792, 0.5461, 0.1747], n: 840 },
    },
    bySex: { male: { dist: [0.2336, 0.5471, 0.2193], n: 1411 }, female: { dist: [0.2378, 0.5688, 0.1934], n: 1761 } },
  },
  {
    id: "HEALTH",
    label: "Self-rated health",
    text: "How would you rate your own health in general?",
    options: ["Excellent", "Good", "Fair", "Poor"],
    overall: { dist: [0.1884, 0.5338, 0.2357, 0.042], n: 3198 },
    byAgeGroup: {
      "18-29": { dist: [0.2524, 0.5417, 0.1773, 0.0286], n: 454 },
      "30-44": { dist: [0.2087, 0.496, 0.2601, 0.0352], n: 875 },
      "45-64": { dist: [0.1518, 0.5434, 0.2584, 0.0464], n: 1025 },
      "65+": { dist: [0.1599, 0.5565, 0.2277, 0.0558], n: 844 },
    },
    bySex: {
      male: { dist: [0.1853, 0.5317, 0.2419, 0.0411], n: 1420 },
      female: { dist: [0.1895, 0.5375, 0.2304, 0.0425], n: 1769 },
    },
  },
  {
    id: "SATFIN",
    label: "Satisfaction with family's present financial situation",
    text: "How satisfied are you with your family's current financial situation?",
    options: ["Pretty well satisfied", "More or less satisfied", "Not satisfied at all"],
    overall: { dist: [0.2296, 0.4669, 0.3034], n: 3192 },
    byAgeGroup: {
      "18-29": { dist: [0.1665, 0.5188, 0.3147], n: 454 },
      "30-44": { dist: [0.185, 0.4412, 0.3737], n: 874 },
      "45-64": { dist: [0.2207, 0.4606, 0.3187], n: 1024 },
      "65+": { dist: [0.3509, 0.4593, 0.1898], n: 840 },
    },
    bySex: { male: { dist: [0.2384, 0.4819, 0.2798], n: 1416 }, female: { dist: [0.2222, 0.4516, 0.3263], n: 1766 } },
  },
  {
    id: "FINRELA",
    label: "Family income compared with American families in general",
    text: "Compared with American families in general, how would you rate your family's income?",
    options: ["Far below average", "Below average", "Average", "Above average", "Far above average"],
    overall: { dist: [0.0682, 0.2417, 0.4139, 0.2376, 0.0386], n: 3177 },
    byAgeGroup: {
      "18-29": { dist: [0.0596, 0.3035, 0.4399, 0.1864, 0.0106], n: 449 },
      "30-44": { dist: [0.068, 0.207, 0.4156, 0.2673, 0.0421], n: 870 },
      "45-64": { dist: [0.0691, 0.2398, 0.3925, 0.2401, 0.0583], n: 1019 },
      "65+": { dist: [0.0749, 0.2288, 0.4189, 0.2459, 0.0316], n: 839 },
    },
    bySex: {
      male: { dist: [0.0525, 0.2186, 0.4195, 0.2644, 0.0449], n: 1413 },
      female: { dist: [0.0781, 0.2654, 0.4108, 0.2132, 0.0325], n: 1754 },
    },
  },
  {
    id: "GETAHEAD",
    label: "What mainly gets people ahead: hard work or luck/help",
    text: "In your view, what mainly gets people ahead in life: their own hard work, luck or help from other people, or both equally?",
    options: ["Hard work", "Both equally", "Luck or help from other people"],
    overall: { dist: [0.6484, 0.2353, 0.1163], n: 961 },
    byAgeGroup: {
      "18-29": { dist: [0.6184, 0.2369, 0.1447], n: 134 },
      "30-44": { dist: [0.6097, 0.2348, 0.1555], n: 219 },
      "45-64": { dist: [0.6777, 0.2435, 0.0788], n: 310 },
      "65+": { dist: [0.6679, 0.2248, 0.1073], n: 298 },
    },
    bySex: { male: { dist: [0.5983, 0.2645, 0.1372], n: 424 }, female: { dist: [0.6898, 0.2113, 0.0989], n: 536 } },
  },
  {
    id: "CLASS",
    label: "Subjective social class",
    text: "Which social class would you say you belong to?",
    options: ["Lower class", "Working class", "Middle class", "Upper class"],
    overall: { dist: [0.0966, 0.408, 0.4428, 0.0526], n: 3174 },
    byAgeGroup: {
      "18-29": { dist: [0.0999, 0.5322, 0.3249, 0.0429], n: 447 },
      "30-44": { dist: [0.1222, 0.4454, 0.3979, 0.0346], n: 872 },
      "45-64": { dist: [0.0987, 0.4004, 0.4468, 0.0542], n: 1021 },
      "65+": { dist: [0.0614, 0.2681, 0.5912, 0.0794], n: 834 },
    },
    bySex: {
      male: { dist: [0.0791, 0.4121, 0.4497, 0.0592], n: 1417 },
      female: { dist: [0.1106, 0.4045, 0.4384, 0.0465], n: 1748 },
    },
  },
  {
    id: "FEAR",
    label: "Afraid to walk alone at night in own area",
    text: "Would you be afraid to walk alone at night in some part of the area near your home?",
    options: ["Yes", "No"],
    overall: { dist: [0.3304, 0.6696], n: 2157 },
    byAgeGroup: {
      "18-29": { dist: [0.3817, 0.6183], n: 326 },
      "30-44": { dist: [0.3635, 0.6365], n: 579 },
      "45-64": { dist: [0.2764, 0.7236], n: 686 },
      "65+": { dist: [0.3205, 0.6795], n: 566 },
    },
    bySex: { male: { dist: [0.2315, 0.7685], n: 953 }, female: { dist: [0.4233, 0.5767], n: 1197 } },
  },
  {
    id: "CAPPUN",
    label: "Death penalty for persons convicted of murder",
    text: "What is your view on the death penalty as a punishment for murder?",
    options: ["Favor", "Oppose"],
    overall: { dist: [0.6205, 0.3795], n: 2014 },
    byAgeGroup: {
      "18-29": { dist: [0.5542, 0.4458], n: 277 },
      "30-44": { dist: [0.5806, 0.4194], n: 562 },
      "45-64": { dist: [0.6444, 0.3556], n: 642 },
      "65+": { dist: [0.6891, 0.3109], n: 533 },
    },
    bySex: { male: { dist: [0.6456, 0.3544], n: 920 }, female: { dist: [0.5942, 0.4058], n: 1083 } },
  },
  {
    id: "GUNLAW",
    label: "Require a police permit to buy a gun",
    text: "What do you think of a law requiring anyone who wants to buy a gun to first obtain a permit from the police?",
    options: ["Favor", "Oppose"],
    overall: { dist: [0.6885, 0.3115], n: 2122 },
    byAgeGroup: {
      "18-29": { dist: [0.6532, 0.3468], n: 317 },
      "30-44": { dist: [0.6874, 0.3126], n: 571 },
      "45-64": { dist: [0.6725, 0.3275], n: 678 },
      "65+": { dist: [0.7498, 0.2502], n: 556 },
    },
    bySex: { male: { dist: [0.653, 0.347], n: 950 }, female: { dist: [0.723, 0.277], n: 1165 } },
  },
  {
    id: "GRASS",
    label: "Legalization of marijuana",
    text: "In your opinion, should marijuana be legal?",
    options: ["Should be legal", "Should not be legal"],
    overall: { dist: [0.6685, 0.3315], n: 847 },
    byAgeGroup: {
      "18-29": { dist: [0.8531, 0.1469], n: 109 },
      "30-44": { dist: [0.6453, 0.3547], n: 202 },
      "45-64": { dist: [0.6518, 0.3482], n: 276 },
      "65+": { dist: [0.5926, 0.4074], n: 260 },
    },
    bySex: { male: { dist: [0.7229, 0.2771], n: 389 }, female: { dist: [0.6165, 0.3835], n: 457 } },
  },
  {
    id: "COURTS",
    label: "Local courts' treatment of criminals",
    text: "How do the courts in your area treat people accused of crimes: too harshly, not harshly enough, or about right?",
    options: ["Too harshly", "Not harshly enough", "About right"],
    overall: { dist: [0.1369, 0.6001, 0.2629], n: 786 },
    byAgeGroup: {
      "18-29": { dist: [0.2123, 0.4978, 0.2899], n: 92 },
      "30-44": { dist: [0.1931, 0.4889, 0.318], n: 187 },
      "45-64": { dist: [0.0876, 0.6883, 0.2242], n: 261 },
      "65+": { dist: [0.1111, 0.6367, 0.2522], n: 246 },
    },
    bySex: { male: { dist: [0.1378, 0.5593, 0.3029], n: 372 }, female: { dist: [0.136, 0.6414, 0.2225], n: 414 } },
  },
  {
    id: "TRUST",
    label: "Generalized trust: can most people be trusted",
    text: "In general, do you think most people can be trusted, or that one can't be too careful with people?",
    options: ["Most people can be trusted", "Can't be too careful", "Depends"],
    overall: { dist: [0.2447, 0.6492, 0.106], n: 925 },
    byAgeGroup: {
      "18-29": { dist: [0.0541, 0.7186, 0.2273], n: 120 },
      "30-44": { dist: [0.2147, 0.7313, 0.054], n: 220 },
      "45-64": { dist: [0.2928, 0.627, 0.0803], n: 302 },
      "65+": { dist: [0.3295, 0.5657, 0.1048], n: 283 },
    },
    bySex: { male: { dist: [0.3168, 0.5944, 0.0888], n: 423 }, female: { dist: [0.1758, 0.7033, 0.1209], n: 501 } },
  },
  {
    id: "FAIR",
    label: "Would most people take advantage of you or try to be fair",
    text: "If they had the chance, would most people try to take advantage of you, or try to treat you fairly?",
    options: ["Would take advantage of you", "Would try to be fair", "Depends"],
    overall: { dist: [0.4669, 0.4165, 0.1165], n: 917 },
    byAgeGroup: {
      "18-29": { dist: [0.5453, 0.2447, 0.21], n: 118 },
      "30-44": { dist: [0.5508, 0.3443, 0.1048], n: 218 },
      "45-64": { dist: [0.478, 0.4537, 0.0683], n: 299 },
      "65+": { dist: [0.3353, 0.5395, 0.1252], n: 282 },
    },
    bySex: { male: { dist: [0.4137, 0.4817, 0.1046], n: 421 }, female: { dist: [0.5199, 0.3536, 0.1265], n: 495 } },
  },
  {
    id: "HELPFUL",
    label: "Are people mostly helpful or looking out for themselves",
    text: "Most of the time, do people try to help others, or do they mostly look out for themselves?",
    options: ["Try to be helpful", "Just look out for themselves", "Depends"],
    overall: { dist: [0.3784, 0.458, 0.1636], n: 919 },
    byAgeGroup: {
      "18-29": { dist: [0.2545, 0.4396, 0.3059], n: 117 },
      "30-44": { dist: [0.2757, 0.5886, 0.1357], n: 218 },
      "45-64": { dist: [0.4136, 0.4406, 0.1458], n: 300 },
      "65+": { dist: [0.494, 0.3822, 0.1238], n: 284 },
    },
    bySex: { male: { dist: [0.378, 0.4683, 0.1537], n: 416 }, female: { dist: [0.3795, 0.4493, 0.1712], n: 502 } },
  },
  {
    id: "SATJOB",
    label: "Satisfaction with the work you do",
    text: "Thinking about your work (paid work or keeping house), how satisfied are you with it?",
    options: ["Very satisfied", "Moderately satisfied", "A little dissatisfied", "Very dissatisfied"],
    overall: { dist: [0.4514, 0.4139, 0.0922, 0.0425], n: 2185 },
    byAgeGroup: {
      "18-29": { dist: [0.3237, 0.4936, 0.1043, 0.0784], n: 377 },
      "30-44": { dist: [0.4346, 0.4318, 0.0995, 0.0341], n: 809 },
      "45-64": { dist: [0.5047, 0.3735, 0.09, 0.0318], n: 809 },
      "65+": { dist: [0.6455, 0.2961, 0.0378, 0.0205], n: 190 },
    },
    bySex: {
      male: { dist: [0.4456, 0.4154, 0.0934, 0.0456], n: 981 },
      female: { dist: [0.4577, 0.4118, 0.091, 0.0394], n: 1194 },
    },
  },
  {
    id: "SPANKING",
    label: "Child sometimes needs a good, hard spanking",
    text: "How much do you agree or disagree: it is sometimes necessary to discipline a child with a good, hard spanking.",
    options: ["Strongly agree", "Agree", "Disagree", "Strongly disagree"],
    overall: { dist: [0.1718, 0.3701, 0.2902, 0.1679], n: 2067 },
    byAgeGroup: {
      "18-29": { dist: [0.1561, 0.4172, 0.3223, 0.1044], n: 292 },
      "30-44": { dist: [0.1822, 0.302, 0.2823, 0.2335], n: 570 },
      "45-64": { dist: [0.2073, 0.3943, 0.2471, 0.1513], n: 670 },
      "65+": { dist: [0.1225, 0.377, 0.3328, 0.1677], n: 535 },
    },
    bySex: {
      male: { dist: [0.2026, 0.3939, 0.2799, 0.1237], n: 914 },
      female: { dist: [0.1428, 0.3476, 0.2998, 0.2099], n: 1150 },
    },
  },
  {
    id: "SEXEDUC",
    label: "Sex education in public schools",
    text: "Are you for or against sex education in public schools?",
    options: ["For", "Against"],
    overall: { dist: [0.8661, 0.1339], n: 2069 },
    byAgeGroup: {
      "18-29": { dist: [0.9404, 0.0596], n: 290 },
      "30-44": { dist: [0.8597, 0.1403], n: 576 },
      "45-64": { dist: [0.8606, 0.1394], n: 669 },
      "65+": { dist: [0.8174, 0.1826], n: 534 },
    },
    bySex: { male: { dist: [0.8523, 0.1477], n: 913 }, female: { dist: [0.879, 0.121], n: 1152 } },
  },
  {
    id: "DIVLAW",
    label: "Divorce should be easier or harder to obtain",
    text: "Should getting a divorce in the US be made easier, made more difficult, or stay as it is now?",
    options: ["Easier", "More difficult", "Stay as is"],
    overall: { dist: [0.5123, 0.2441, 0.2436], n: 881 },
    byAgeGroup: {
      "18-29": { dist: [0.6465, 0.1851, 0.1684], n: 121 },
      "30-44": { dist: [0.5934, 0.1643, 0.2423], n: 226 },
      "45-64": { dist: [0.4885, 0.2516, 0.2599], n: 278 },
      "65+": { dist: [0.3503, 0.3698, 0.2798], n: 256 },
    },
    bySex: { male: { dist: [0.4736, 0.2699, 0.2565], n: 389 }, female: { dist: [0.5445, 0.2227, 0.2328], n: 492 } },
  },
  {
    id: "FEPOL",
    label: "Men are emotionally better suited for politics than women",
    text: "Do you agree or disagree that men are, on the whole, emotionally better suited to politics than women?",
    options: ["Agree", "Disagree"],
    overall: { dist: [0.1819, 0.8181], n: 871 },
    byAgeGroup: {
      "18-29": { dist: [0.0938, 0.9062], n: 115 },
      "30-44": { dist: [0.198, 0.802], n: 213 },
      "45-64": { dist: [0.1725, 0.8275], n: 281 },
      "65+": { dist: [0.2381, 0.7619], n: 262 },
    },
    bySex: { male: { dist: [0.2029, 0.7971], n: 375 }, female: { dist: [0.1651, 0.8349], n: 496 } },
  },
  {
    id: "FEFAM",
    label: "Better if the man works outside the home and the woman cares for home and family",
    text: "How much do you agree or disagree that it is better for everyone if the man earns the money outside the home and the woman takes care of the home and family?",
    options: ["Strongly agree", "Agree", "Disagree", "Strongly disagree"],
    overall: { dist: [0.0865, 0.2334, 0.4114, 0.2688], n: 2096 },
    byAgeGroup: {
      "18-29": { dist: [0.1226, 0.2176, 0.4432, 0.2166], n: 295 },
      "30-44": { dist: [0.0755, 0.2226, 0.3905, 0.3113], n: 585 },
      "45-64": { dist: [0.0684, 0.2303, 0.4226, 0.2787], n: 675 },
      "65+": { dist: [0.0937, 0.2643, 0.3935, 0.2485], n: 541 },
    },
    bySex: {
      male: { dist: [0.0987, 0.2421, 0.4344, 0.2247], n: 921 },
      female: { dist: [0.0748, 0.2255, 0.3896, 0.31], n: 1171 },
    },
  },
  {
    id: "FECHLD",
    label: "A working mother can have as warm a relationship with her children",
    text: "How much do you agree or disagree that a mother who works can have just as warm and secure a relationship with her children as a mother who does not work?",
    options: ["Strongly agree", "Agree", "Disagree", "Strongly disagree"],
    overall: { dist: [0.3206, 0.4256, 0.2074, 0.0464], n: 2101 },
    byAgeGroup: {
      "18-29": { dist: [0.3266, 0.464, 0.16, 0.0494], n: 298 },
      "30-44": { dist: [0.357, 0.3709, 0.2143, 0.0578], n: 582 },
      "45-64": { dist: [0.3262, 0.4264, 0.2105, 0.0369], n: 677 },
      "65+": { dist: [0.2633, 0.457, 0.2362, 0.0434], n: 544 },
    },
    bySex: {
      male: { dist: [0.2326, 0.4649, 0.2493, 0.0532], n: 923 },
      female: { dist: [0.4022, 0.389, 0.1686, 0.0402], n: 1174 },
    },
  },
  {
    id: "FEPRESCH",
    label: "A preschool child suffers if the mother works",
    text: "How much do you agree or disagree that a child below school age is likely to suffer if the mother works?",
    options: ["Strongly agree", "Agree", "Disagree", "Strongly disagree"],
    overall: { dist: [0.0559, 0.2662, 0.4931, 0.1848], n: 2087 },
    byAgeGroup: {
      "18-29": { dist: [0.0441, 0.2323, 0.5242, 0.1994], n: 296 },
      "30-44": { dist: [0.0614, 0.2451, 0.4385, 0.255], n: 577 },
      "45-64": { dist: [0.0492, 0.2599, 0.5256, 0.1653], n: 675 },
      "65+": { dist: [0.0689, 0.3291, 0.4856, 0.1164], n: 539 },
    },
    bySex: {
      male: { dist: [0.0541, 0.3149, 0.5069, 0.1241], n: 914 },
      female: { dist: [0.0576, 0.2204, 0.4807, 0.2413], n: 1169 },
    },
  },
  {
    id: "HELPPOOR",
    label:
      "Government should improve the standard of living of the poor (1) vs. people should take care of themselves (5)",
    text: "On a scale from 1 to 5, where 1 means the government should do everything possible to improve the standard of living of all poor Americans and 5 means each person should take care of themselves, where do you stand?",
    options: ["1 Government should act", "2", "3 Agree with both", "4", "5 People should take care of themselves"],
    overall: { dist: [0.2678, 0.1174, 0.4274, 0.0951, 0.0923], n: 2073 },
    byAgeGroup: {
      "18-29": { dist: [0.3883, 0.1323, 0.3878, 0.0575, 0.0341], n: 279 },
      "30-44": { dist: [0.2878, 0.1508, 0.418, 0.0745, 0.0689], n: 576 },
      "45-64": { dist: [0.2559, 0.1175, 0.4164, 0.1146, 0.0956], n: 667 },
      "65+": { dist: [0.1637, 0.0684, 0.4855, 0.1213, 0.161], n: 551 },
    },
    bySex: {
      male: { dist: [0.2458, 0.1261, 0.4178, 0.0926, 0.1177], n: 936 },
      female: { dist: [0.291, 0.109, 0.438, 0.0978, 0.0642], n: 1130 },
    },
  },
  {
    id: "HELPSICK",
    label: "Government should help pay for medical care (1) vs. people should handle it themselves (5)",
    text: "On a scale from 1 to 5, where 1 means the government should help people pay for doctors' and hospital bills and 5 means people should take care of these costs themselves, where do you stand?",
    options: ["1 Government should help", "2", "3 Agree with both", "4", "5 People should help themselves"],
    overall: { dist: [0.3725, 0.1587, 0.321, 0.0777, 0.0701], n: 2082 },
    byAgeGroup: {
      "18-29": { dist: [0.4403, 0.1322, 0.3565, 0.0469, 0.0241], n: 280 },
      "30-44": { dist: [0.3866, 0.1903, 0.3013, 0.0735, 0.0484], n: 575 },
      "45-64": { dist: [0.346, 0.1753, 0.3081, 0.0869, 0.0837], n: 668 },
      "65+": { dist: [0.3387, 0.1238, 0.3308, 0.0945, 0.1122], n: 559 },
    },
    bySex: {
      male: { dist: [0.3351, 0.1584, 0.3344, 0.0869, 0.0852], n: 939 },
      female: { dist: [0.4125, 0.16, 0.307, 0.0683, 0.0522], n: 1136 },
    },
  },
  {
    id: "HELPNOT",
    label: "Government should do more (1) vs. government does too much (5)",
    text: "On a scale from 1 to 5, where 1 means the government should do more to solve the country's problems and 5 means the government already does too much that should be left to individuals and private businesses, where do you stand?",
    options: ["1 Government should do more", "2", "3 Agree with both", "4", "5 Government does too much"],
    overall: { dist: [0.2112, 0.1153, 0.4001, 0.1254, 0.148], n: 2052 },
    byAgeGroup: {
      "18-29": { dist: [0.3011, 0.135, 0.369, 0.1182, 0.0767], n: 270 },
      "30-44": { dist: [0.2053, 0.1126, 0.4493, 0.132, 0.1007], n: 567 },
      "45-64": { dist: [0.1988, 0.1311, 0.3742, 0.1177, 0.1783], n: 665 },
      "65+": { dist: [0.1631, 0.0806, 0.4082, 0.1348, 0.2132], n: 550 },
    },
    bySex: {
      male: { dist: [0.185, 0.1206, 0.3805, 0.1347, 0.1791], n: 932 },
      female: { dist: [0.2394, 0.1105, 0.4196, 0.1166, 0.114], n: 1113 },
    },
  },
  {
    id: "EQWLTH",
    label: "Government should reduce income differences (1) vs. not concern itself (7)",
    text: "On a scale from 1 to 7, where 1 means the government should reduce the income differences between rich and poor and 7 means the government should not concern itself with this, where do you stand?",
    options: ["1 Reduce differences", "2", "3", "4", "5", "6", "7 No government action"],
    overall: { dist: [0.3115, 0.0791, 0.1392, 0.1552, 0.0933, 0.0577, 0.164], n: 2101 },
    byAgeGroup: {
      "18-29": { dist: [0.3701, 0.0667, 0.1745, 0.1239, 0.1288, 0.0331, 0.1029], n: 285 },
      "30-44": { dist: [0.3426, 0.0957, 0.1467, 0.1667, 0.0886, 0.0297, 0.1301], n: 581 },
      "45-64": { dist: [0.3151, 0.0792, 0.1218, 0.1523, 0.0667, 0.0781, 0.1868], n: 675 },
      "65+": { dist: [0.2242, 0.0717, 0.1256, 0.173, 0.1055, 0.0801, 0.2199], n: 560 },
    },
    bySex: {
      male: { dist: [0.2705, 0.0754, 0.1381, 0.1509, 0.0878, 0.0654, 0.212], n: 948 },
      female: { dist: [0.352, 0.0829, 0.1416, 0.1612, 0.0997, 0.0504, 0.1121], n: 1143 },
    },
  },
  {
    id: "POLVIEWS",
    label: "Political views, liberal to conservative (7-point)",
    text: "Where would you place yourself on a seven-point scale of political views, from extremely liberal to extremely conservative?",
    options: [
      "Extremely liberal",
      "Liberal",
      "Slightly liberal",
      "Moderate",
      "Slightly conservative",
      "Conservative",
      "Extremely conservative",
    ],
    overall: { dist: [0.0375, 0.1278, 0.1112, 0.3667, 0.1188, 0.171, 0.0668], n: 3072 },
    byAgeGroup: {
      "18-29": { dist: [0.053, 0.1339, 0.1283, 0.4355, 0.0961, 0.126, 0.0272], n: 427 },
      "30-44": { dist: [0.0367, 0.1459, 0.1403, 0.3696, 0.1232, 0.1243, 0.0601], n: 846 },
      "45-64": { dist: [0.0394, 0.118, 0.0759, 0.3624, 0.1349, 0.2057, 0.0637], n: 978 },
      "65+": { dist: [0.0229, 0.1157, 0.1124, 0.3113, 0.1107, 0.2147, 0.1124], n: 821 },
    },
    bySex: {
      male: { dist: [0.0309, 0.1202, 0.1134, 0.3476, 0.1373, 0.1798, 0.0707], n: 1381 },
      female: { dist: [0.0442, 0.1358, 0.1095, 0.3847, 0.1005, 0.163, 0.0624], n: 1685 },
    },
  },
  {
    id: "CONFINAN",
    label: "Confidence in banks and financial institutions",
    text: "How much confidence do you have in the people running banks and financial institutions?",
    options: ["A great deal", "Only some", "Hardly any"],
    overall: { dist: [0.1731, 0.5808, 0.2462], n: 2103 },
    byAgeGroup: {
      "18-29": { dist: [0.1418, 0.6188, 0.2394], n: 285 },
      "30-44": { dist: [0.1773, 0.5022, 0.3206], n: 581 },
      "45-64": { dist: [0.1587, 0.6092, 0.2321], n: 676 },
      "65+": { dist: [0.2142, 0.595, 0.1908], n: 561 },
    },
    bySex: { male: { dist: [0.153, 0.5793, 0.2677], n: 950 }, female: { dist: [0.1945, 0.5842, 0.2212], n: 1143 } },
  },
  {
    id: "CONBUS",
    label: "Confidence in major companies",
    text: "How much confidence do you have in the people running major companies?",
    options: ["A great deal", "Only some", "Hardly any"],
    overall: { dist: [0.1503, 0.612, 0.2378], n: 2084 },
    byAgeGroup: {
      "18-29": { dist: [0.1428, 0.6353, 0.2219], n: 282 },
      "30-44": { dist: [0.1437, 0.5489, 0.3074], n: 583 },
      "45-64": { dist: [0.1513, 0.6249, 0.2238], n: 667 },
      "65+": { dist: [0.1623, 0.6438, 0.1939], n: 552 },
    },
    bySex: { male: { dist: [0.1661, 0.5938, 0.2401], n: 941 }, female: { dist: [0.1353, 0.6321, 0.2326], n: 1133 } },
  },
  {
    id: "CONEDUC",
    label: "Confidence in education",
    text: "How much confidence do you have in the people running the education system?",
    options: ["A great deal", "Only some", "Hardly any"],
    overall: { dist: [0.1984, 0.5428, 0.2589], n: 2106 },
    byAgeGroup: {
      "18-29": { dist: [0.2834, 0.5136, 0.203], n: 287 },
      "30-44": { dist: [0.2092, 0.4978, 0.293], n: 584 },
      "45-64": { dist: [0.1623, 0.5642, 0.2735], n: 673 },
      "65+": { dist: [0.1648, 0.5863, 0.2489], n: 562 },
    },
    bySex: { male: { dist: [0.2017, 0.5014, 0.2969], n: 948 }, female: { dist: [0.197, 0.583, 0.22], n: 1148 } },
  },
];

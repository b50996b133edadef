import { describe, expect, it } from "vitest";
import { CURRENCY_MARKERS, formatMoney, localeOf, MONEY_AMOUNT_RE } from "./locale.ts";

describe("localeOf", () => {
  it.each([
    ["Galway", "IE"],
    ["Galway, Ireland", "IE"],
    ["Lagos, Nigeria", "NG"],
    ["Cairo", "EG"],
    ["Osaka", "JP"],
    ["Des Moines, Iowa", "US"],
    ["Springfield, IL", "US"],
    ["London, Ontario", "CA"],
    ["Perth, Scotland", "GB"],
    ["a village near Kyoto", "JP"],
    ["Atlantis", ""],
  ])("%s → %s", (location, code) => {
    expect(localeOf(location).countryCode).toBe(code);
  });

  it("keeps the city as written and gives an unknown place generic, not American, wording", () => {
    expect(localeOf("Lagos, Nigeria").city).toBe("Lagos");
    const unknown = localeOf("Atlantis");
    expect(unknown.currency.code).toBe("");
    expect(unknown.health).not.toMatch(/medicare|insurance/i);
    expect(unknown.shops.join(" ")).not.toMatch(/walmart|target|kroger/i);
  });

  it("knows weekends and seasons that differ", () => {
    expect(localeOf("Cairo").weekend).toEqual(["Friday", "Saturday"]);
    expect(localeOf("Buenos Aires").hemisphere).toBe("south");
  });
});

describe("formatMoney", () => {
  it("turns a US-scaled price into a plausible local one, rounded like a price", () => {
    expect(formatMoney(12, localeOf("Des Moines, Iowa"), { perMonth: true })).toBe("$12 a month");
    expect(formatMoney(12, localeOf("Lagos"))).toBe("₦7,000");
    expect(formatMoney(12, localeOf("Osaka"))).toBe("¥1,300");
    expect(formatMoney(90, localeOf("Stockholm"))).toBe("900 kr");
    expect(formatMoney(12, localeOf("Galway"))).toMatch(/^€\d+$/);
  });

  it("never prints a currency for an unknown place", () => {
    expect(formatMoney(12, localeOf("Atlantis"))).not.toMatch(/[$€£¥₦]/);
  });

  it("lists every country's currency markers", () => {
    expect(CURRENCY_MARKERS.NG).toEqual(expect.arrayContaining(["₦", "naira", "NGN"]));
    expect(CURRENCY_MARKERS.EG).toEqual(expect.arrayContaining(["EGP", "Egyptian pound"]));
  });

  it("MONEY_AMOUNT_RE finds every amount formatMoney writes, in every currency of the table", () => {
    const places = [
      "Lagos",
      "Cairo",
      "Osaka",
      "Stockholm",
      "Warsaw",
      "Hanoi",
      "Nairobi",
      "Casablanca",
      "Dubai",
      "Galway",
      "Des Moines, Iowa",
      "Karachi",
      "Accra",
      "São Paulo",
    ];
    for (const place of places) {
      for (const usd of [3, 12, 90, 1200]) {
        const money = formatMoney(usd, localeOf(place), { perMonth: usd === 12 });
        expect(`It was ${money}, I think.`.match(MONEY_AMOUNT_RE)?.[0], place).toBe(money);
      }
    }
    expect("I was 22 then, with 3 friends.".match(MONEY_AMOUNT_RE)).toBeNull();
  });
});

import { valueWords } from "./fields";

describe("schedule values in words", () => {
  it("says a schedule with no day is not set, and names the days of one that has them", () => {
    expect(valueWords("billing_monthly", { day_of_month: null })).toBe("(not set)");
    expect(valueWords("billing_bimonthly", { day_of_month_one: null, day_of_month_two: null })).toBe("(not set)");
    expect(valueWords("billing_monthly", { day_of_month: 15 })).toBe("On the 15th");
    expect(valueWords("billing_bimonthly", { day_of_month_one: 1, day_of_month_two: 15 })).toBe("On the 1st and 15th");
  });
});

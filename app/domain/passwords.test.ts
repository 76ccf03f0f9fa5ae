import { describe, expect, it } from "vitest";
import { checkPassword, PASSWORD_MAX_LENGTH, PASSWORD_MESSAGES, PASSWORD_MIN_LENGTH } from "./passwords";

describe("checkPassword", () => {
  it("accepts long passwords that are not common, including passphrases and non-Latin text", () => {
    for (const ok of [
      "river maple cobalt tuesday",
      "Vq8#nL2p!xR4",
      "glasshouse-otter-9",
      "ffordd hir iawn",
      "пароль длинный очень",
    ]) {
      expect(checkPassword(ok), ok).toBeNull();
    }
  });

  it("enforces the length limits, counting characters rather than bytes", () => {
    expect(checkPassword("")).toBe(PASSWORD_MESSAGES.empty);
    expect(checkPassword("a".repeat(3) + "bcdefgh1")).toBe(PASSWORD_MESSAGES.tooShort);
    expect(checkPassword("x7Kp2mQ9vL3")).toBe(PASSWORD_MESSAGES.tooShort);
    expect(checkPassword("x7Kp2mQ9vL3w")).toBeNull();
    expect(checkPassword("é".repeat(PASSWORD_MIN_LENGTH - 1) + "z")).toBeNull();
    const long = "river maple ".repeat(30).slice(0, PASSWORD_MAX_LENGTH + 1);
    expect(checkPassword(long)).toBe(PASSWORD_MESSAGES.tooLong);
    expect(PASSWORD_MESSAGES.tooShort).toContain(String(PASSWORD_MIN_LENGTH));
  });

  it("refuses a repeated character or short pattern", () => {
    expect(checkPassword("aaaaaaaaaaaa")).toBe(PASSWORD_MESSAGES.repeated);
    expect(checkPassword("            ")).toBe(PASSWORD_MESSAGES.repeated);
    expect(checkPassword("abababababab")).toBe(PASSWORD_MESSAGES.repeated);
    expect(checkPassword("123412341234")).toBe(PASSWORD_MESSAGES.repeated);
  });

  it("refuses sequences along the alphabet, the digits and keyboard rows", () => {
    expect(checkPassword("123456789012")).toBe(PASSWORD_MESSAGES.sequence);
    expect(checkPassword("098765432109")).toBe(PASSWORD_MESSAGES.sequence);
    expect(checkPassword("abcdefghijklm")).toBe(PASSWORD_MESSAGES.sequence);
    expect(checkPassword("qwertyuiopas")).toBe(PASSWORD_MESSAGES.sequence);
  });

  it("refuses common words dressed up with capitals, digits, symbols and look-alike characters", () => {
    for (const common of [
      "Password1234",
      "P@ssw0rd2024!",
      "Welcome2024!",
      "Liverpool1892!!",
      "september2025",
      "passwordpassword",
      "1234Football!!",
      "Summer 2024 !!",
    ]) {
      expect(checkPassword(common), common).toBe(PASSWORD_MESSAGES.common);
    }
  });

  it("refuses long passwords that are common whole", () => {
    expect(checkPassword("1qaz2wsx3edc")).toBe(PASSWORD_MESSAGES.common);
    expect(checkPassword("correct horse battery staple")).toBe(PASSWORD_MESSAGES.common);
    expect(checkPassword("iloveyouiloveyou")).toBe(PASSWORD_MESSAGES.common);
  });

  it("refuses the person's own name or email address", () => {
    const owner = { name: "Priya Chandrasekhar", email: "priya.chandrasekhar@hackney.gov.uk" };
    expect(checkPassword("priya.chandrasekhar@hackney.gov.uk", owner)).toBe(PASSWORD_MESSAGES.personal);
    expect(checkPassword("PriyaChandrasekhar", owner)).toBe(PASSWORD_MESSAGES.personal);
    expect(checkPassword("Chandrasekhar2024!", owner)).toBe(PASSWORD_MESSAGES.personal);
    expect(checkPassword("Chandrasekhar2024!")).toBeNull();
    expect(checkPassword("priya maple cobalt river", owner)).toBeNull();
  });
});

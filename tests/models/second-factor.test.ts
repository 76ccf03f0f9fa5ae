import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { checkTotp, makeRecoveryCodes, totpCode } from "../../app/domain/second-factor";
import {
  confirmEnrolment,
  enrolmentSecret,
  hasSecondFactor,
  removeSecondFactor,
  verifySecondFactor,
} from "../../app/models/second-factor.server";
import { openSecret, sealSecret } from "../../app/utils/secret-box.server";
import { createTestUser, NOW } from "../factories";

const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

async function enrolled() {
  const user = await createTestUser();
  const secret = (await enrolmentSecret(user.id, NOW))!;
  const confirmed = await confirmEnrolment(user.id, totpCode(secret, NOW), NOW);
  if (!confirmed.ok) throw new Error("enrolment failed");
  return { user, secret, recoveryCodes: confirmed.recoveryCodes };
}

describe("time-based codes", () => {
  it("accepts the code of the step before, now and after, and nothing further", () => {
    const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    expect(checkTotp(secret, totpCode(secret, at(-30)), NOW, null).ok).toBe(true);
    expect(checkTotp(secret, totpCode(secret, NOW), NOW, null).ok).toBe(true);
    expect(checkTotp(secret, totpCode(secret, at(30)), NOW, null).ok).toBe(true);
    expect(checkTotp(secret, totpCode(secret, at(-90)), NOW, null)).toEqual({ ok: false, reason: "wrong" });
    expect(checkTotp(secret, totpCode(secret, at(90)), NOW, null)).toEqual({ ok: false, reason: "wrong" });
    expect(checkTotp(secret, "12345", NOW, null)).toEqual({ ok: false, reason: "wrong" });
    expect(
      checkTotp(secret, ` ${totpCode(secret, NOW).slice(0, 3)} ${totpCode(secret, NOW).slice(3)} `, NOW, null).ok,
    ).toBe(true);
  });

  it("refuses a code for a step at or before the last one accepted", () => {
    const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    const first = checkTotp(secret, totpCode(secret, NOW), NOW, null);
    if (!first.ok) throw new Error("first code refused");
    expect(checkTotp(secret, totpCode(secret, NOW), NOW, first.step)).toEqual({ ok: false, reason: "reused" });
    expect(checkTotp(secret, totpCode(secret, at(-30)), NOW, first.step)).toEqual({ ok: false, reason: "reused" });
    expect(checkTotp(secret, totpCode(secret, at(30)), NOW, first.step).ok).toBe(true);
  });

  it("makes recovery codes of 16 characters in groups of four, all different", () => {
    const codes = makeRecoveryCodes((n) => crypto.getRandomValues(new Uint8Array(n)));
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
  });
});

describe("a person's second factor", () => {
  it("is in use only once the first code confirms it, and keeps the same secret until then", async () => {
    const user = await createTestUser();
    const secret = (await enrolmentSecret(user.id, NOW))!;
    expect(await enrolmentSecret(user.id, at(60))).toBe(secret);
    expect(await hasSecondFactor(user.id)).toBe(false);
    expect(await confirmEnrolment(user.id, "000000", NOW)).toMatchObject({ ok: false });
    expect((await confirmEnrolment(user.id, totpCode(secret, NOW), NOW)).ok).toBe(true);
    expect(await hasSecondFactor(user.id)).toBe(true);
    expect(await enrolmentSecret(user.id, NOW)).toBeNull();
  });

  it("stores the secret encrypted, bound to its person, and the recovery codes hashed", async () => {
    const { user, secret, recoveryCodes } = await enrolled();
    const row = await getDb()
      .selectFrom("second_factors")
      .selectAll()
      .where("user_id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(row.secret).not.toContain(secret);
    expect(openSecret("second-factor", `user:${user.id + 1}`, row.secret)).toBeNull();
    expect(openSecret("second-factor", `user:${user.id}`, row.secret)).toBe(secret);
    expect(
      openSecret("second-factor", `user:${user.id}`, sealSecret("sso-client-secret", `user:${user.id}`, secret)),
    ).toBeNull();
    const hashes = await getDb()
      .selectFrom("recovery_codes")
      .select("code_hash")
      .where("user_id", "=", user.id)
      .execute();
    expect(hashes).toHaveLength(10);
    for (const { code_hash } of hashes)
      for (const code of recoveryCodes) expect(code_hash).not.toContain(code.replace(/-/g, ""));
  });

  it("accepts a code once: the same code again is refused as reused", async () => {
    const { user, secret } = await enrolled();
    const later = at(60);
    expect(await verifySecondFactor(user.id, totpCode(secret, later), later)).toMatchObject({
      ok: true,
      method: "code",
    });
    expect(await verifySecondFactor(user.id, totpCode(secret, later), later)).toEqual({ ok: false, reason: "reused" });
    expect(await verifySecondFactor(user.id, "123456", at(120))).toMatchObject({ ok: false });
  });

  it("accepts each recovery code once, typed in any case and without dashes", async () => {
    const { user, recoveryCodes } = await enrolled();
    const typed = recoveryCodes[3].replace(/-/g, "").toUpperCase();
    expect(await verifySecondFactor(user.id, typed, NOW)).toEqual({
      ok: true,
      method: "recovery_code",
      recoveryCodesLeft: 9,
    });
    expect(await verifySecondFactor(user.id, recoveryCodes[3], NOW)).toEqual({ ok: false, reason: "reused" });
    expect(await verifySecondFactor(user.id, "abcd-efgh-jkmn-pqrs", NOW)).toEqual({ ok: false, reason: "wrong" });
  });

  it("does not accept another person's recovery code", async () => {
    const a = await enrolled();
    const b = await enrolled();
    expect(await verifySecondFactor(b.user.id, a.recoveryCodes[0], NOW)).toEqual({ ok: false, reason: "wrong" });
  });

  it("an administrator's reset removes it and its recovery codes, audited", async () => {
    const { user, recoveryCodes } = await enrolled();
    const admin = await createTestUser({ role: "admin" });
    expect(await removeSecondFactor(admin.actor, user.id, NOW)).toBe(true);
    expect(await hasSecondFactor(user.id)).toBe(false);
    expect(await verifySecondFactor(user.id, recoveryCodes[0], NOW)).toMatchObject({ ok: false });
    const events = await getDb()
      .selectFrom("audit_events")
      .select(["event", "user_id"])
      .where("entity_id", "=", user.id)
      .execute();
    expect(events).toContainEqual({ event: "user.second_factor_reset", user_id: admin.id });
    expect(events).toContainEqual({ event: "user.second_factor_enabled", user_id: user.id });
  });
});

/** The sandbox registry: citizens, SIMs and partners as the identities endpoint lists them. */
import type { CardStatus, LocalizedText } from '../../src/contract/schemas.js';
import { SHORT_CODE } from '../seeds.js';
import type { CitizenRecord, SimRecord } from '../store/schema.js';
import { randomId } from './random-id.js';
import type { SimulatorContext } from './context.js';
import { formatCnic } from '../../src/contract/cnic.js';
import { fail, succeed, type Outcome } from './outcome.js';

export interface CitizenView {
  id: string;
  cnic: string;
  name: string;
  cardStatus: CardStatus;
  mobile: string | null;
  simIds: string[];
  scenario: string;
}

export interface IdentitiesView {
  citizens: CitizenView[];
  /** `ownerCnic`: the CNIC the SIM is registered to, not always its holder's (see Farhan). */
  sims: { id: string; mobile: string; ownerCnic: string; holderId: string }[];
  partners: {
    id: string;
    displayName: LocalizedText;
    publishableKey: string;
    secretKey: string;
    origins: string[];
    purposes: string[];
  }[];
  shortCode: string;
}

function citizenView(citizen: CitizenRecord, sims: readonly SimRecord[]): CitizenView {
  return {
    id: citizen.id,
    cnic: formatCnic(citizen.cnic),
    name: citizen.name,
    cardStatus: citizen.cardStatus,
    mobile: citizen.mobile,
    simIds: sims.filter((sim) => sim.holderId === citizen.id).map((sim) => sim.id),
    scenario: citizen.scenario,
  };
}

export async function identities(ctx: SimulatorContext): Promise<IdentitiesView> {
  const tx = ctx.db.transaction(['citizens', 'sims', 'partners']);
  const [citizens, sims, partners] = await Promise.all([
    tx.objectStore('citizens').getAll(),
    tx.objectStore('sims').getAll(),
    tx.objectStore('partners').getAll(),
  ]);
  return {
    citizens: citizens.map((c) => citizenView(c, sims)),
    sims: sims.map((sim) => ({
      id: sim.id,
      mobile: sim.mobile,
      ownerCnic: formatCnic(sim.ownerCnic),
      holderId: sim.holderId,
    })),
    partners: partners.map((p) => ({
      id: p.id,
      displayName: p.displayName,
      publishableKey: p.publishableKey,
      secretKey: p.secretKey,
      origins: p.origins,
      purposes: p.purposes.map((purpose) => purpose.id),
    })),
    shortCode: SHORT_CODE,
  };
}

export interface NewCitizen {
  cnic: string;
  name: string;
  cardStatus: CardStatus;
  mobile: string | null;
}

/** Adds a synthetic citizen (and a SIM in their name for the mobile), e.g. for load tests. */
export async function addCitizen(ctx: SimulatorContext, input: NewCitizen): Promise<Outcome<CitizenView>> {
  const registry = await ctx.registry.get();
  if (registry.citizensByCnic.has(input.cnic)) return fail('citizen_exists');
  if (input.mobile && registry.simsByMobile.has(input.mobile)) return fail('mobile_in_use');
  const citizen: CitizenRecord = { id: `cit_${randomId(9)}`, ...input, scenario: 'added' };
  const sim: SimRecord | null = input.mobile
    ? { id: `sim_${randomId(9)}`, mobile: input.mobile, ownerCnic: input.cnic, holderId: citizen.id }
    : null;
  // Not audited: the registry is the sandbox's fixture, not a consent event.
  const tx = ctx.db.transaction(sim ? ['citizens', 'sims'] : ['citizens'], 'readwrite');
  void tx.objectStore('citizens').add(citizen);
  if (sim) void tx.objectStore('sims').add(sim);
  await tx.done;
  ctx.registry.invalidate(['citizens', 'sims']);
  ctx.changed();
  return succeed(citizenView(citizen, sim ? [sim] : []), 201);
}

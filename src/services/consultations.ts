// A facilitator's consultations: create, list, delete, members and roles, the audit log, backups.
import { AppError } from '../errors.ts';
import { slugOf } from '../export/index.ts';
import type { ZipLimits } from '../ingest/zip-guard.ts';
import { LIMITS } from '../model/limits.ts';
import { cleanFileName, cleanName, cleanText } from '../model/names.ts';
import type { Store } from '../store/store.ts';
import type { AuditEntry, ConsultationData, ConsultationHead, ConsultationRecord, Member, Role } from '../store/schema.ts';
import { packBackup, unpackBackup } from './backup.ts';
import { changeConsultation, loadConsultation, loadHead, newId, notFound } from './consultation-state.ts';
import { actorName, ROLE_RANK, type Acting } from './acting.ts';

export interface ConsultationSummary extends ConsultationRecord {
  documents: number;
  analysed: boolean;
  analysedAt: string | null;
  edits: number;
}

/**
 * The role a consultation grants `user`: null when they are not a member. A consultation without members (made
 * before accounts existed) is open to every account as owner.
 */
export function roleIn(data: ConsultationHead, user: string): Role | null {
  if (!data.members || data.members.length === 0) return 'owner';
  return data.members.find((m) => m.user === user)?.role ?? null;
}

export class Consultations {
  private readonly deleteHooks: ((id: string) => Promise<unknown>)[] = [];

  constructor(
    private readonly store: Store,
    private readonly zipLimits: ZipLimits,
  ) {}

  /** Every consultation with its document count and whether it has been analysed, newest first. */
  async list(acting: Acting): Promise<ConsultationSummary[]> {
    const user = acting.user;
    return (await this.store.list())
      // A logged-in account sees the consultations it is a member of (and those made before accounts).
      .filter((c) => !user || c.members.length === 0 || c.members.includes(user))
      .map(({ members: _members, ...c }) => ({ ...c, analysed: c.analysedAt !== null }));
  }

  /** Create a consultation; `id` may be given (the sample uses "sample"), else one is made up. */
  async create(input: { name: string; description?: string; date?: string | null; id?: string }, acting: Acting): Promise<ConsultationRecord> {
    const now = new Date().toISOString();
    // Names are shown everywhere: no control or bidi-override characters (one rule for API, pages, CLI, restore).
    const name = cleanName(input.name, LIMITS.consultationName);
    if (!name) throw new AppError('BAD_ARGUMENT', 'Give the consultation a name.');
    const consultation: ConsultationRecord = {
      id: input.id ?? newId('c'),
      name,
      description: cleanText(input.description ?? '', LIMITS.description),
      date: input.date || null,
      createdAt: now,
      updatedAt: now,
    };
    const user = acting.user;
    await this.store.create({
      consultation,
      documents: [],
      codebook: null,
      analysis: null,
      edits: [],
      history: [{ at: now, by: 'human', author: user ?? 'facilitator', what: 'created the consultation' }],
      ...(user ? { members: [{ user, role: 'owner' as const }] } : {}),
    });
    await this.audit(consultation.id, 'created', `created "${consultation.name}"`, acting);
    return consultation;
  }

  /** The consultation's stored state; NOT_FOUND when there is none. */
  get(id: string): Promise<ConsultationData> {
    return loadConsultation(this.store, id);
  }

  /** The consultation without its analyses' segments (all most pages need); NOT_FOUND when there is none. */
  head(id: string): Promise<ConsultationHead> {
    return loadHead(this.store, id);
  }

  async delete(id: string): Promise<void> {
    if (!(await this.store.delete(id))) throw notFound('Consultation');
    for (const hook of this.deleteHooks) await hook(id);
  }

  /** Run `hook` after each consultation is deleted, in the order the hooks were given. */
  onDelete(hook: (id: string) => Promise<unknown>): void {
    this.deleteHooks.push(hook);
  }

  /** The role of `user` in a consultation (see roleIn), undefined when there is no such consultation. */
  async roleOf(id: string, user: string): Promise<Role | null | undefined> {
    const data = await this.store.head(id);
    return data ? roleIn(data, user) : undefined;
  }

  /** Add a line to the consultation's audit log, by the account acting (or "facilitator" without accounts). */
  async audit(id: string, action: AuditEntry['action'], detail: string, acting: Acting): Promise<void> {
    await this.store.appendAudit(id, { at: new Date().toISOString(), user: actorName(acting), action, detail });
  }

  /** The consultation's audit log, oldest first; NOT_FOUND when there is no such consultation. */
  async auditLog(id: string): Promise<AuditEntry[]> {
    await this.head(id);
    return this.store.audit(id);
  }

  /** The members with their roles (empty for a consultation made before accounts). */
  async members(id: string): Promise<Member[]> {
    return (await this.head(id)).members ?? [];
  }

  /** The accounts `user` works with: members of the consultations `user` is a member of (sorted, without `user`). */
  async colleaguesOf(user: string): Promise<string[]> {
    const names = new Set<string>();
    for (const { members } of await this.store.list()) {
      if (members.includes(user)) for (const m of members) names.add(m);
    }
    names.delete(user);
    return [...names].sort();
  }

  /** Give an account a role, or with null remove it; the last owner cannot be removed or demoted. */
  async setMember(id: string, user: string, newRole: Role | null, acting: Acting): Promise<Member[]> {
    const by = actorName(acting);
    const next = await changeConsultation(this.store, id, acting, (d) => {
      const members = (d.members ?? []).filter((m) => m.user !== user);
      if (newRole) members.push({ user, role: newRole });
      if (!members.some((m) => m.role === 'owner')) throw new AppError('BAD_ARGUMENT', `${user} is the last owner of "${d.consultation.name}": make someone else owner first.`);
      members.sort((a, b) => ROLE_RANK[b.role] - ROLE_RANK[a.role] || a.user.localeCompare(b.user));
      d.members = members;
      d.history.push({ at: new Date().toISOString(), by: 'human', author: by, what: newRole ? `gave ${user} the role ${newRole}` : `removed ${user} from the members` });
      return d;
    });
    return next.members ?? [];
  }

  /** The consultation as one backup archive (documents as read, codebook, analysis, edits, history). */
  async exportBackup(id: string): Promise<{ filename: string; bytes: Uint8Array }> {
    const data = await this.get(id);
    return { filename: `${slugOf(data.consultation.name)}-backup.harvest.zip`, bytes: packBackup(data) };
  }

  /**
   * Restore a backup archive as a new consultation, always under a new id: a backup never overwrites a
   * consultation, and never brings back share links or audit lines kept under its old id. It is checked whole
   * first (see unpackBackup); its analysis and edits come back as they were, so the synthesis is the same.
   */
  async importBackup(rawName: string, bytes: Uint8Array, acting: Acting): Promise<ConsultationRecord> {
    const name = cleanFileName(rawName);
    const data = unpackBackup(name, bytes, this.zipLimits);
    const now = new Date().toISOString();
    const user = acting.user;
    // Whoever restores it owns the copy: the backup's members list is not trusted (it must not give anyone access).
    const { members: _untrusted, ...rest } = data;
    const restored: ConsultationData = {
      ...rest,
      ...(user ? { members: [{ user, role: 'owner' as const }] } : {}),
      consultation: {
        ...data.consultation,
        id: newId('c'),
        name: cleanName(data.consultation.name, LIMITS.consultationName) || 'Restored consultation',
        description: cleanText(data.consultation.description, LIMITS.description),
      },
      history: [...data.history.slice(-(LIMITS.history - 1)), { at: now, by: 'human', author: user ?? 'facilitator', what: `restored from the backup ${name}` }],
    };
    await this.store.create(restored);
    await this.audit(restored.consultation.id, 'created', `restored from the backup ${name}`, acting);
    return (await this.head(restored.consultation.id)).consultation;
  }
}

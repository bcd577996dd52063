import { Checkbox, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  DAY_PARTS,
  hasSlot,
  slotBit,
  VOLUNTEER_ACCOUNT_KIND_LABELS,
  VOLUNTEER_SKILL_LABELS,
  VOLUNTEER_SKILLS,
  VOLUNTEER_STATUS_LABELS,
  VOLUNTEER_TRANSFER_CODE_LABELS,
  type VolunteerStatus,
  WEEK_DAYS,
} from '../../../../contracts/api/volunteers.ts';
import { pickLabel, useLang } from '../funds/money.tsx';

/** Labels from the contracts' tables in the UI language. */
export function useVolunteerLabels() {
  const lang = useLang();
  return {
    skill: (code: string) => pickLabel(VOLUNTEER_SKILL_LABELS, code, lang),
    status: (s: string) => pickLabel(VOLUNTEER_STATUS_LABELS, s, lang),
    kind: (k: string) => pickLabel(VOLUNTEER_ACCOUNT_KIND_LABELS, k, lang),
    code: (c: string) => pickLabel(VOLUNTEER_TRANSFER_CODE_LABELS, c, lang),
    skillOptions: VOLUNTEER_SKILLS.map((s) => ({
      value: s,
      label: pickLabel(VOLUNTEER_SKILL_LABELS, s, lang),
    })),
  };
}

const STATUS_COLOURS: Record<VolunteerStatus, string | undefined> = {
  active: 'green',
  suspended: 'orange',
  left: undefined,
};

export function VolunteerStatusTag({ status }: { status: VolunteerStatus }) {
  const labels = useVolunteerLabels();
  return <Tag color={STATUS_COLOURS[status]}>{labels.status(status)}</Tag>;
}

export function SkillTags({ skills }: { skills: readonly string[] }) {
  const labels = useVolunteerLabels();
  return (
    <>
      {skills.map((s) => (
        <Tag key={s} style={{ marginBottom: 2 }}>
          {labels.skill(s)}
        </Tag>
      ))}
    </>
  );
}

/**
 * The week as a grid: a row per part of the day, a column per day. Read-only without `onChange`;
 * each cell is a checkbox labelled with its day and part, so it reads out with a screen reader.
 */
export function AvailabilityGrid({
  value = 0,
  onChange,
}: {
  value?: number;
  onChange?: (mask: number) => void;
}) {
  const { t } = useTranslation('volunteers');
  const cell = { padding: '2px 4px', textAlign: 'center' as const };
  return (
    <table style={{ borderCollapse: 'collapse', fontSize: 13 }}>
      <thead>
        <tr>
          <th />
          {WEEK_DAYS.map((d) => (
            <th key={d} style={{ ...cell, fontWeight: 500 }}>
              {t(`days.${d}`)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {DAY_PARTS.map((part) => (
          <tr key={part}>
            <th style={{ ...cell, fontWeight: 500, textAlign: 'left' }}>{t(`parts.${part}`)}</th>
            {WEEK_DAYS.map((d) => {
              const on = hasSlot(value, d, part);
              return (
                <td key={d} style={cell}>
                  {onChange ? (
                    <Checkbox
                      checked={on}
                      aria-label={`${t(`days.${d}`)} ${t(`parts.${part}`)}`}
                      onChange={(e) =>
                        onChange(e.target.checked ? value | slotBit(d, part) : value & ~slotBit(d, part))
                      }
                    />
                  ) : (
                    <span
                      role="img"
                      aria-label={`${t(`days.${d}`)} ${t(`parts.${part}`)}${on ? ' ✓' : ''}`}
                      style={{
                        display: 'inline-block',
                        width: 14,
                        height: 14,
                        borderRadius: 3,
                        background: on ? '#52c41a' : '#f0f0f0',
                      }}
                    />
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  HOME_SERVICE_LABELS,
  HOME_SERVICE_UNIT_LABELS,
  type HomeServiceUnit,
  type OrderStatus,
} from '../../../../contracts/api/home-services.ts';
import { formatMoney, pickLabel, useLang } from '../funds/money.tsx';

const STATUS_COLORS: Record<OrderStatus, string | undefined> = {
  placed: 'gold',
  accepted: 'blue',
  in_service: 'cyan',
  done: 'purple',
  confirmed: 'green',
  cancelled: undefined,
};

export function OrderStatusTag({ status }: { status: OrderStatus }) {
  const { t } = useTranslation('homeServices');
  return (
    <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }}>
      {t(`statuses.${status}`)}
    </Tag>
  );
}

/** Service names and "¥35.00 / 次" price texts in the UI language. */
export function useServiceLabels() {
  const lang = useLang();
  return {
    service: (code: string) => pickLabel(HOME_SERVICE_LABELS, code, lang),
    price: (fen: number, unit: HomeServiceUnit) =>
      `${formatMoney(fen, 'fen', lang)} ${pickLabel(HOME_SERVICE_UNIT_LABELS, unit, lang)}`,
  };
}

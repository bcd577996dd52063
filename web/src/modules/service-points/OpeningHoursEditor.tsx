import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, Form, Input, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';

const DAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const OPEN_RE = /^([01]\d|2[0-3]):[0-5]\d$/;
const CLOSE_RE = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** Rows of weekdays with an opening and a closing time (`openingHours[i].days/open/close`). */
export function OpeningHoursEditor() {
  const { t } = useTranslation('servicePoints');
  const dayOptions = DAYS.map((d) => ({ value: d, label: t(`hours.days.${d}`) }));
  const timeRule = (re: RegExp) => ({
    required: true,
    pattern: re,
    message: t('hours.timeInvalid'),
  });
  return (
    <Form.List name="openingHours">
      {(fields, { add, remove }, { errors }) => (
        <>
          {fields.map((field) => (
            // Row errors (from the fields or the server) show once, under the whole row.
            <Form.Item key={field.key} style={{ marginBottom: 8 }}>
              <Flex gap={8} align="center">
                <Form.Item
                  noStyle
                  name={[field.name, 'days']}
                  rules={[{ required: true, type: 'array', min: 1, message: t('hours.daysRequired') }]}
                >
                  <Checkbox.Group options={dayOptions} />
                </Form.Item>
                <Form.Item noStyle name={[field.name, 'open']} rules={[timeRule(OPEN_RE)]}>
                  <Input
                    placeholder="08:00"
                    maxLength={5}
                    style={{ width: 72 }}
                    aria-label={t('hours.open')}
                    className="ms-mono"
                  />
                </Form.Item>
                <span>–</span>
                <Form.Item noStyle name={[field.name, 'close']} rules={[timeRule(CLOSE_RE)]}>
                  <Input
                    placeholder="17:00"
                    maxLength={5}
                    style={{ width: 72 }}
                    aria-label={t('hours.close')}
                    className="ms-mono"
                  />
                </Form.Item>
                <Tooltip title={t('hours.remove')}>
                  <Button
                    type="text"
                    icon={<DeleteOutlined />}
                    aria-label={t('hours.remove')}
                    onClick={() => remove(field.name)}
                  />
                </Tooltip>
              </Flex>
            </Form.Item>
          ))}
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            onClick={() => add({ days: [1, 2, 3, 4, 5], open: '08:00', close: '17:00' })}
          >
            {t('hours.add')}
          </Button>
          <Form.ErrorList errors={errors} />
        </>
      )}
    </Form.List>
  );
}

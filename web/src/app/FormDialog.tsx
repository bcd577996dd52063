import {
  App,
  Button,
  type ButtonProps,
  Drawer,
  Form,
  type FormInstance,
  type FormProps,
  Modal,
  Space,
} from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrors, useFormErrors } from './forms.tsx';

/** Rules for the usual "must be filled in" fields, with the shared messages. */
export function useFieldRules() {
  const { t } = useTranslation();
  return useMemo(
    () => ({
      required: (field: string) => [{ required: true, message: t('common:form.required', { field }) }],
      /** Free text: blank text is refused as well. */
      text: (field: string) => [
        { required: true, whitespace: true, message: t('common:form.required', { field }) },
      ],
      selected: (field: string) => [{ required: true, message: t('common:form.selectRequired', { field }) }],
    }),
    [t],
  );
}

/**
 * The words of a dialog that creates a record or, given one, edits it at the version it was read
 * at: the namespace's `create` and `edit` titles, its `created` and `saved` messages, and the body
 * with the version when editing.
 */
export function useRecordDialog(ns: string, record: { name: string; version: number } | undefined) {
  const { t } = useTranslation(ns);
  return {
    title: record ? `${t('edit')} · ${record.name}` : t('create'),
    okText: t('common:actions.save'),
    success: () => (record ? t('saved') : t('created')),
    withVersion: <B extends object>(body: B) => (record ? { ...body, version: record.version } : body),
  };
}

export interface FormDialogProps<V, R> {
  title: ReactNode;
  /** The submit button's text. */
  okText: ReactNode;
  okButtonProps?: Omit<ButtonProps, 'loading' | 'onClick'>;
  /** The form's own fields: a server issue on one of them is shown on it, any other above the form. */
  fields: readonly string[];
  /** The caller's form, when it reads or watches fields itself; else the dialog makes its own. */
  form?: FormInstance<V>;
  initialValues?: FormProps<V>['initialValues'];
  /** Sends the validated values (undefined: nothing to send). */
  onSubmit: (values: V) => Promise<R> | undefined;
  /** The message shown once it went through. */
  success: (result: R, values: V) => string;
  /** What follows success; by default the dialog closes. */
  onDone?: (result: R, values: V) => void;
  /** More handling of a failed request, after its issues are shown. */
  onError?: (err: unknown, form: FormInstance<V>) => void;
  onClose: () => void;
  /** Above the errors and the fields: a note, a warning. */
  intro?: ReactNode;
  children: ReactNode;
}

/**
 * The state every form dialog shares: the form, its errors, and a submit that sends the values,
 * says so and closes, or puts the server's issues on the fields (the rest above them).
 */
function useFormDialog<V, R>(p: FormDialogProps<V, R>) {
  const { message } = App.useApp();
  const [form] = Form.useForm<V>(p.form);
  const errors = useFormErrors(form, p.fields);
  const [pending, setPending] = useState(false);
  const finish = async (values: V) => {
    const sent = p.onSubmit(values);
    if (!sent) return;
    errors.clear();
    setPending(true);
    let result: R;
    try {
      result = await sent;
    } catch (err) {
      errors.report(err);
      p.onError?.(err, form);
      return;
    } finally {
      setPending(false);
    }
    message.success(p.success(result, values));
    if (p.onDone) p.onDone(result, values);
    else p.onClose();
  };
  const body = (
    <>
      {p.intro}
      <FormErrors messages={errors.messages} />
      <Form<V> form={form} layout="vertical" initialValues={p.initialValues} onFinish={(v) => void finish(v)}>
        {p.children}
      </Form>
    </>
  );
  return { form, pending, body };
}

/** A form in a modal: OK validates and sends it; see {@link FormDialogProps}. */
export function FormModal<V, R = unknown>(props: FormDialogProps<V, R> & { width?: number }) {
  const { t } = useTranslation();
  const { form, pending, body } = useFormDialog(props);
  return (
    <Modal
      open
      title={props.title}
      okText={props.okText}
      okButtonProps={{ ...props.okButtonProps, loading: pending }}
      cancelText={t('common:actions.cancel')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      width={props.width}
      destroyOnHidden
    >
      {body}
    </Modal>
  );
}

/** A longer form in a drawer, with cancel and submit at its foot; see {@link FormDialogProps}. */
export function FormDrawer<V, R = unknown>(props: FormDialogProps<V, R> & { size: number }) {
  const { t } = useTranslation();
  const { form, pending, body } = useFormDialog(props);
  return (
    <Drawer
      open
      title={props.title}
      size={props.size}
      onClose={props.onClose}
      destroyOnHidden
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={props.onClose}>{t('common:actions.cancel')}</Button>
          <Button type="primary" {...props.okButtonProps} loading={pending} onClick={() => form.submit()}>
            {props.okText}
          </Button>
        </Space>
      }
    >
      {body}
    </Drawer>
  );
}

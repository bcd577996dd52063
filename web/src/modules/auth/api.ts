import { useMutation } from '@tanstack/react-query';
import type { z } from 'zod';
import type { loginBody, Me } from '../../../../contracts/api/auth.ts';
import { post } from '../../app/api.ts';

export function useLogin() {
  return useMutation({ mutationFn: (body: z.input<typeof loginBody>) => post<Me>('/api/auth/login', body) });
}

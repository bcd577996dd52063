import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Spin } from 'antd';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import type { Me } from '../../../contracts/api/auth.ts';
import type { Permission } from '../../../contracts/roles.ts';
import { ApiError, get, post, setCsrfToken } from './api.ts';

const ME_KEY = ['auth', 'me'] as const;

interface AuthValue {
  me: Me | null;
  isLoading: boolean;
  can: (permission: Permission) => boolean;
  signIn: (me: Me) => void;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

async function loadMe(): Promise<Me | null> {
  try {
    const me = await get<Me>('/api/auth/me');
    setCsrfToken(me.csrfToken);
    return me;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const { data, isLoading } = useQuery({
    queryKey: ME_KEY,
    queryFn: loadMe,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const me = data ?? null;

  // api.ts announces a 401 on any request (expired session): forget the user and go to the login page.
  useEffect(() => {
    const onUnauthenticated = () => {
      queryClient.setQueryData(ME_KEY, null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      if (location.pathname !== '/login') {
        const next = `${location.pathname}${location.search}`;
        navigate(`/login?next=${encodeURIComponent(next)}`, { replace: true });
      }
    };
    window.addEventListener('minsheng:unauthenticated', onUnauthenticated);
    return () => window.removeEventListener('minsheng:unauthenticated', onUnauthenticated);
  }, [queryClient, navigate, location]);

  const signIn = useCallback(
    (next: Me) => {
      setCsrfToken(next.csrfToken);
      queryClient.setQueryData(ME_KEY, next);
    },
    [queryClient],
  );

  const signOut = useCallback(async () => {
    try {
      await post('/api/auth/logout');
    } finally {
      setCsrfToken('');
      queryClient.clear();
      queryClient.setQueryData(ME_KEY, null);
      navigate('/login', { replace: true });
    }
  }, [queryClient, navigate]);

  const value = useMemo<AuthValue>(
    () => ({
      me,
      isLoading,
      can: (permission) => me?.permissions.includes(permission) ?? false,
      signIn,
      signOut,
    }),
    [me, isLoading, signIn, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}

/** Renders its children for a signed-in user; otherwise sends them to the login page and back. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { me, isLoading } = useAuth();
  const location = useLocation();
  if (isLoading)
    return (
      <div style={{ display: 'grid', placeItems: 'center', height: '100vh' }}>
        <Spin size="large" />
      </div>
    );
  if (!me)
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return children;
}

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  acceptBody,
  cancelBody,
  catalogueResponse,
  checkOutBody,
  confirmBody,
  HomeServiceOrderDetail,
  listOrdersQuery,
  ordersPage,
  placeOrderBody,
  pricesResponse,
  rateBody,
  setPriceBody,
  versionBody,
} from '../../../../contracts/api/home-services.ts';
import { get, post, qs } from '../../app/api.ts';

export type Catalogue = z.infer<typeof catalogueResponse>;
export type Prices = z.infer<typeof pricesResponse>;
export type OrdersPage = z.infer<typeof ordersPage>;
export type ListOrdersParams = Partial<z.infer<typeof listOrdersQuery>>;
export type PlaceOrderBody = z.input<typeof placeOrderBody>;

const keys = {
  all: ['home-services'] as const,
  catalogue: ['home-services', 'catalogue'] as const,
  offers: (service?: string) => ['home-services', 'offers', service ?? ''] as const,
  prices: (orgId: string) => ['home-services', 'prices', orgId] as const,
  orders: (p: ListOrdersParams) => ['home-services', 'orders', p] as const,
  order: (id: string) => ['home-services', 'order', id] as const,
};

export function useCatalogue() {
  return useQuery({
    queryKey: keys.catalogue,
    queryFn: () => get<Catalogue>('/api/home-services/catalogue'),
    staleTime: 10 * 60_000,
  });
}

/** Which providers offer a service, at today's price. */
export function useOffers(service: string | undefined, enabled = true) {
  return useQuery({
    queryKey: keys.offers(service),
    queryFn: () => get<Prices>(`/api/home-services/offers${qs({ service })}`),
    enabled,
  });
}

export function usePrices(orgId: string | undefined) {
  return useQuery({
    queryKey: keys.prices(orgId ?? ''),
    queryFn: () => get<Prices>(`/api/home-services/providers/${orgId}/prices`),
    enabled: !!orgId,
  });
}

export function useSetPrice(orgId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof setPriceBody>) =>
      post<Prices>(`/api/home-services/providers/${orgId}/prices`, body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.all }),
  });
}

export function useOrders(params: ListOrdersParams) {
  return useQuery({
    queryKey: keys.orders(params),
    queryFn: () => get<OrdersPage>(`/api/home-services/orders${qs(params)}`),
    placeholderData: keepPreviousData,
  });
}

export function useOrder(id: string) {
  return useQuery({
    queryKey: keys.order(id),
    queryFn: () => get<HomeServiceOrderDetail>(`/api/home-services/orders/${id}`),
  });
}

/** An order's change moves money: the lists, the elder's account and the statements are stale. */
function useRefresh() {
  const qc = useQueryClient();
  return (order: HomeServiceOrderDetail) => {
    qc.setQueryData(keys.order(order.id), order);
    void qc.invalidateQueries({ queryKey: ['home-services', 'orders'] });
    void qc.invalidateQueries({ queryKey: ['care-credits'] });
  };
}

export function usePlaceOrder() {
  const onSuccess = useRefresh();
  return useMutation({
    mutationFn: (body: PlaceOrderBody) => post<HomeServiceOrderDetail>('/api/home-services/orders', body),
    onSuccess,
  });
}

type Bodies = {
  accept: z.input<typeof acceptBody>;
  'check-in': z.input<typeof versionBody>;
  'check-out': z.input<typeof checkOutBody>;
  confirm: z.input<typeof confirmBody>;
  cancel: z.input<typeof cancelBody>;
  rate: z.input<typeof rateBody>;
};
export type OrderActionPath = keyof Bodies;

export function useOrderAction<A extends OrderActionPath>(id: string, action: A) {
  const onSuccess = useRefresh();
  return useMutation({
    mutationFn: (body: Bodies[A]) =>
      post<HomeServiceOrderDetail>(`/api/home-services/orders/${id}/${action}`, body),
    onSuccess,
  });
}

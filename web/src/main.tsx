import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { App } from './app/App.tsx'
import './app/styles.css'

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Our own errors (404, 400) will not fix themselves; retry only transport failures, once.
      retry: (count, err) => count < 1 && (err as { status?: number }).status === 0,
      refetchOnWindowFocus: false,
    },
  },
})

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
)

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { CategoryList } from '../../contract/index.ts'

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/categories',
    { schema: { tags: ['categories'], summary: 'The category registry (labels, colours, priority)', response: { 200: CategoryList } } },
    (request) => request.scoped(({ repos }) => repos.categories.list()),
  )
}
export default routes

/** The WeChat image as a plain <img> on its own screen, so a phone can long-press it to send or forward. */
import { useT } from '../../i18n/index.ts'

export function WeChatView({ src, title, onClose }: { src: string; title: string; onClose: () => void }) {
  const t = useT()
  return (
    <div className="wechat-view" role="dialog" aria-label={title} data-testid="wechat-view">
      <p>
        {t('print.wechatHint')}{' '}
        <button type="button" onClick={onClose}>
          {t('print.backToMap')}
        </button>
      </p>
      <img src={src} alt={title} data-testid="wechat-image" />
    </div>
  )
}

#include "noticelabel.h"

#include "ordersdelegate.h"

using namespace std::chrono_literals;

namespace Ops {

NoticeLabel::NoticeLabel(QWidget *parent)
    : QLabel(parent)
{
    setWordWrap(true);
    setAutoFillBackground(true);
    setMargin(4);
    hide();
    m_hide.setSingleShot(true);
    m_hide.setInterval(12s);
    connect(&m_hide, &QTimer::timeout, this, &QWidget::hide);
}

NoticeLabel::~NoticeLabel() = default;

void NoticeLabel::showNotice(const QString &text)
{
    QPalette p = palette();
    const QColor window = parentWidget() ? parentWidget()->palette().color(QPalette::Window)
                                         : p.color(QPalette::Window);
    p.setColor(QPalette::Window, OrdersDelegate::readable(QColor(0xc6, 0x28, 0x28), window));
    p.setColor(QPalette::WindowText, window);
    setPalette(p);
    setText(text);
    show();
    m_hide.start();
}

} // namespace Ops

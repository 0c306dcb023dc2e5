#include "highlightfade.h"

#include "orderstablemodel.h"

namespace Ops {

HighlightFade::HighlightFade(const OrdersTableModel *model, std::chrono::milliseconds fade,
    std::chrono::milliseconds frameInterval, QObject *parent)
    : QObject(parent)
    , m_model(model)
    , m_fade(fade)
{
    m_timer.setInterval(frameInterval);
    connect(&m_timer, &QTimer::timeout, this, &HighlightFade::onFrame);
    connect(model, &QAbstractItemModel::dataChanged, this, &HighlightFade::onChanged);
    connect(model, &QAbstractItemModel::rowsInserted, this, &HighlightFade::onChanged);
}

HighlightFade::~HighlightFade() = default;

void HighlightFade::onChanged()
{
    if (!m_timer.isActive() && m_model->lastChangeAt() > 0)
        m_timer.start();
}

void HighlightFade::onFrame()
{
    if (!m_model) {
        m_timer.stop();
        return;
    }
    Q_EMIT frame();
    if (OrdersTableModel::steadyNowMs() - m_model->lastChangeAt() > m_fade.count())
        m_timer.stop();
}

} // namespace Ops

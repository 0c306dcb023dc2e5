#include "dashpanel.h"

#include <QEvent>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Ops {

DashPanel::DashPanel(QWidget *parent)
    : QWidget(parent)
    , m_banner(new QLabel(this))
    , m_content(new QVBoxLayout)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    m_banner->setObjectName(u"freshnessBanner"_s);
    m_banner->setVisible(false);
    m_banner->setMargin(4);
    m_banner->setAutoFillBackground(true);
    layout->addWidget(m_banner);
    m_content->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(m_content, 1);
}

DashPanel::~DashPanel() = default;

QString DashPanel::freshnessText() const
{
    if (m_live)
        return {};
    if (!m_asOf.isValid())
        return tr("Not live — not loaded yet");
    return tr("Not live — as of %1")
        .arg(QLocale().toString(m_asOf.toLocalTime().time(), u"HH:mm:ss"_s));
}

void DashPanel::setFreshness(bool live, const QDateTime &asOf)
{
    const bool changed = live != m_live;
    m_live = live;
    m_asOf = asOf;
    m_banner->setText(freshnessText());
    m_banner->setVisible(!live);
    updateTint();
    if (changed)
        Q_EMIT freshnessChanged(live);
}

void DashPanel::selectOrder(const QString &)
{ }

void DashPanel::selectDriver(const QString &)
{ }

void DashPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (!m_tinting
        && (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange))
        updateTint();
}

QColor DashPanel::staleTint(const QColor &base, double t)
{
    const QColor amber(0xd9, 0x8a, 0x0b);
    return QColor::fromRgbF(float(base.redF() * (1 - t) + amber.redF() * t),
        float(base.greenF() * (1 - t) + amber.greenF() * t),
        float(base.blueF() * (1 - t) + amber.blueF() * t));
}

void DashPanel::updateTint()
{
    m_tinting = true;
    // A stale tint derived from the system palette: amber mixed into the base colours.
    const QPalette system = parentWidget() ? parentWidget()->palette() : QPalette();
    const auto mix = &DashPanel::staleTint;
    QPalette banner = m_banner->palette();
    banner.setColor(QPalette::Window, mix(system.color(QPalette::Window), 0.45));
    banner.setColor(QPalette::WindowText, system.color(QPalette::WindowText));
    m_banner->setPalette(banner);
    setAutoFillBackground(!m_live);
    if (!m_live) {
        QPalette p = palette();
        p.setColor(QPalette::Window, mix(system.color(QPalette::Window), 0.12));
        p.setColor(QPalette::Base, mix(system.color(QPalette::Base), 0.10));
        setPalette(p);
    } else if (testAttribute(Qt::WA_SetPalette)) {
        setPalette(QPalette());
    }
    m_tinting = false;
}

} // namespace Ops

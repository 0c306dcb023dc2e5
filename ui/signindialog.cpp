#include "signindialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

const QString kUrlKey = u"signIn/url"_s;

} // namespace

SignInDialog::SignInDialog(QWidget *parent)
    : QDialog(parent)
    , m_url(new QLineEdit(this))
    , m_token(new QLineEdit(this))
    , m_remember(new QCheckBox(tr("&Remember the token in the system keychain"), this))
    , m_rememberNote(new QLabel(this))
    , m_message(new QLabel(this))
{
    setObjectName(u"signInDialog"_s);
    setWindowTitle(tr("Sign in to Opsboard"));
    m_url->setObjectName(u"urlEdit"_s);
    m_url->setPlaceholderText(u"https://ops.example.com"_s);
    m_token->setObjectName(u"tokenEdit"_s);
    m_token->setEchoMode(QLineEdit::Password);
    m_remember->setObjectName(u"rememberCheck"_s);
    m_rememberNote->setObjectName(u"rememberNote"_s);
    m_rememberNote->setWordWrap(true);
    m_rememberNote->hide();
    m_message->setObjectName(u"messageLabel"_s);
    m_message->setWordWrap(true);
    m_message->hide();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_message);
    auto *form = new QFormLayout;
    form->addRow(tr("&Server:"), m_url);
    form->addRow(tr("&Token:"), m_token);
    form->addRow(QString(), m_remember);
    form->addRow(QString(), m_rememberNote);
    layout->addLayout(form);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SignInDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    setMinimumWidth(420);
}

SignInDialog::~SignInDialog() = default;

QUrl SignInDialog::rememberedUrl(const QSettings &settings)
{
    return QUrl(settings.value(kUrlKey).toString());
}

void SignInDialog::load(const QSettings &settings, const QUrl &url, const QString &message)
{
    const QUrl remembered = rememberedUrl(settings);
    setUrl(url.isValid() && !url.isEmpty() ? url : remembered);
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
}

void SignInDialog::save(QSettings &settings) const
{
    settings.setValue(kUrlKey, url().toString());
}

void SignInDialog::offerRememberedToken(const QString &token)
{
    setToken(token);
    setRemember(!token.isEmpty());
}

void SignInDialog::setRememberUnavailable(const QString &why)
{
    m_remember->setEnabled(why.isEmpty());
    if (!why.isEmpty())
        m_remember->setChecked(false);
    m_rememberNote->setText(why);
    m_rememberNote->setVisible(!why.isEmpty());
}

QUrl SignInDialog::url() const
{
    return QUrl::fromUserInput(m_url->text().trimmed());
}

QString SignInDialog::token() const
{
    return m_token->text().trimmed();
}

bool SignInDialog::remember() const
{
    return m_remember->isEnabled() && m_remember->isChecked();
}

void SignInDialog::setUrl(const QUrl &url)
{
    m_url->setText(url.toString());
}

void SignInDialog::setToken(const QString &token)
{
    m_token->setText(token);
}

void SignInDialog::setRemember(bool remember)
{
    // Without a keychain the box stays off: a ticked, greyed box would promise what cannot be.
    m_remember->setChecked(remember && m_remember->isEnabled());
}

void SignInDialog::accept()
{
    const QUrl u = url();
    if (!u.isValid() || (u.scheme() != "http"_L1 && u.scheme() != "https"_L1)) {
        m_message->setText(tr("The server address must start with http:// or https://."));
        m_message->show();
        return;
    }
    if (token().isEmpty()) {
        m_message->setText(tr("Enter the token you were given."));
        m_message->show();
        return;
    }
    QDialog::accept();
}

} // namespace Ops

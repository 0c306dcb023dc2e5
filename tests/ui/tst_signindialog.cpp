#include <QCheckBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include "ui/signindialog.h"

using namespace Qt::StringLiterals;
using namespace Ops;

class tst_SignInDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void urlRememberedTokenNeverInTheSettings();
    void rejectedTokenMessageIsShown();
    void rememberOffWithoutKeychain();
    void validatesInput();

private:
    QTemporaryDir m_dir;
};

void tst_SignInDialog::initTestCase()
{
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
    QCoreApplication::setOrganizationName(u"OpsboardTest"_s);
    QCoreApplication::setApplicationName(u"tst_signindialog"_s);
}

void tst_SignInDialog::init()
{
    QSettings().clear();
}

void tst_SignInDialog::urlRememberedTokenNeverInTheSettings()
{
    QSettings settings;
    SignInDialog dialog;
    dialog.setUrl(QUrl(u"https://ops.example.com"_s));
    dialog.setToken(u"secret-1"_s);
    dialog.setRemember(true);
    dialog.save(settings);
    settings.sync();
    QCOMPARE(SignInDialog::rememberedUrl(settings), QUrl(u"https://ops.example.com"_s));
    // "Remember" is the keychain's business (TokenStore): never a settings file.
    QFile file(settings.fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains("secret-1"));
    QVERIFY(dialog.remember());

    SignInDialog next;
    next.load(settings);
    QCOMPARE(next.url(), QUrl(u"https://ops.example.com"_s));
    QCOMPARE(next.token(), QString());
    next.offerRememberedToken(u"from-keychain"_s);
    QCOMPARE(next.token(), u"from-keychain"_s);
    QVERIFY(next.remember()); // a remembered token stays remembered unless unticked
}

void tst_SignInDialog::rejectedTokenMessageIsShown()
{
    QSettings settings;
    settings.setValue(u"signIn/url"_s, u"http://127.0.0.1:8080"_s);
    SignInDialog dialog;
    dialog.load(settings, {}, u"The server did not accept the token."_s);
    QCOMPARE(dialog.token(), QString());
    QCOMPARE(dialog.url(), QUrl(u"http://127.0.0.1:8080"_s));
    auto *message = dialog.findChild<QLabel *>(u"messageLabel"_s);
    QVERIFY(!message->isHidden());
    QVERIFY(message->text().contains(u"token"_s));
}

void tst_SignInDialog::rememberOffWithoutKeychain()
{
    SignInDialog dialog;
    auto *box = dialog.findChild<QCheckBox *>(u"rememberCheck"_s);
    auto *note = dialog.findChild<QLabel *>(u"rememberNote"_s);
    QVERIFY(box->isEnabled());
    QVERIFY(note->isHidden());
    dialog.setRemember(true);
    dialog.setRememberUnavailable(u"No system keychain is available."_s);
    QVERIFY(!box->isEnabled());
    QVERIFY(!box->isChecked());
    QVERIFY(!dialog.remember());
    QVERIFY(!note->isHidden());
    dialog.offerRememberedToken(u"t"_s); // cannot tick it behind the dispatcher's back
    QVERIFY(!dialog.remember());
    dialog.setRememberUnavailable({});
    QVERIFY(box->isEnabled());
    QVERIFY(note->isHidden());
}

void tst_SignInDialog::validatesInput()
{
    SignInDialog dialog;
    dialog.setUrl(QUrl(u"ftp://x"_s));
    dialog.setToken(u"t"_s);
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    dialog.setUrl(QUrl(u"http://127.0.0.1:1"_s));
    dialog.setToken(QString());
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    dialog.setToken(u"t"_s);
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.findChild<QLineEdit *>(u"tokenEdit"_s)->echoMode(), QLineEdit::Password);
}

QTEST_MAIN(tst_SignInDialog)
#include "tst_signindialog.moc"

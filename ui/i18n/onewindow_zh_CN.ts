<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AuditLogPage</name>
    <message>
        <location filename="../supervisor/audit_page.py" line="+285"/>
        <source>ID number</source>
        <translation>身份证件号码</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Period</source>
        <translation>时间段</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Search…</source>
        <translation>查询…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Person</source>
        <translation>当事人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Staff</source>
        <translation>工作人员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Station</source>
        <translation>工作站</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Select an event to read all of it.</source>
        <translation>选择一条记录以查看全部内容。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>◀ Newer</source>
        <translation>◀ 较新</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Older ▶</source>
        <translation>较早 ▶</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Audit chain: …</source>
        <translation>审计链：…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Verify now</source>
        <translation>立即校验</translation>
    </message>
    <message>
        <location line="+109"/>
        <source>Purpose of this search</source>
        <translation>本次查询的用途</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not searched: a search of the audit log needs a purpose.</source>
        <translation>未查询：查询审计日志须填写用途。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Searching…</source>
        <translation>正在查询…</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Page {n}</source>
        <translation>第 {n} 页</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{count} events on this page.</source>
        <translation>本页 {count} 条记录。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No event matches.</source>
        <translation>没有符合条件的记录。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Event {seq}</source>
        <translation>记录 {seq}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time: {time}</source>
        <translation>时间：{time}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Staff: {user}</source>
        <translation>工作人员：{user}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Station: {station}</source>
        <translation>工作站：{station}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Action: {action}</source>
        <translation>操作：{action}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subject: {subject}</source>
        <translation>对象：{subject}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Purpose: {purpose}</source>
        <translation>用途：{purpose}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome: {outcome}</source>
        <translation>结果：{outcome}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Person (pseudonym): {key}</source>
        <translation>当事人（假名标识）：{key}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Found by the masked number only: this event keeps no pseudonym, so it may concern another person with the same masked number.</source>
        <translation>仅凭脱敏号码查到：此记录未保存假名标识，可能涉及脱敏号码相同的其他人。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Purpose of this export</source>
        <translation>本次导出的用途</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not exported: an export of the audit log needs a purpose.</source>
        <translation>未导出：导出审计日志须填写用途。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Exported {rows} events to {path}.</source>
        <translation>已将 {rows} 条记录导出到 {path}。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Only the newest were exported: narrow the search.</source>
        <translation>仅导出了最新的记录：请缩小查询范围。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Audit chain: verifying… (this reads the whole log)</source>
        <translation>审计链：正在校验…（需读取全部日志）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Audit chain: status unknown ({error})</source>
        <translation>审计链：状态未知（{error}）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Audit chain: not verified on this station yet.</source>
        <translation>审计链：本工作站尚未校验。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Audit chain BROKEN at event {seq} (verified {when}).</source>
        <translation>审计链在第 {seq} 条记录处断裂（校验于 {when}）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Audit chain NOT INTACT (verified {when}): a checkpoint no longer matches, or the chain is not keyed.</source>
        <translation>审计链不完整（校验于 {when}）：有检查点不再吻合，或审计链尚未使用密钥。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Audit chain intact: verified {when}, events 1 to {seq}.</source>
        <translation>审计链完整：校验于 {when}，第 1 至 {seq} 条记录。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Audit chain: checkpoint {when} at event {seq} (station {station}).</source>
        <translation>审计链：检查点 {when}，至第 {seq} 条记录（工作站 {station}）。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Why do you search the audit log? The search is recorded with this purpose.</source>
        <translation>查询审计日志的原因是什么？本次查询将连同此用途记入日志。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Export the search results</source>
        <translation>导出查询结果</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)</source>
        <translation>Excel 工作簿 (*.xlsx);;CSV，UTF-8 (*.csv)</translation>
    </message>
</context>
<context>
    <name>AuditTexts</name>
    <message>
        <location line="-597"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not found</source>
        <translation>未查到</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refused</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>person {key}…</source>
        <translation>当事人 {key}…</translation>
    </message>
    <message>
        <location line="+108"/>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Staff</source>
        <translation>工作人员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Station</source>
        <translation>工作站</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subject</source>
        <translation>对象</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Person (pseudonym)</source>
        <translation>当事人（假名标识）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Purpose</source>
        <translation>用途</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
</context>
<context>
    <name>AuthErrors</name>
    <message>
        <location filename="../errors.py" line="+134"/>
        <source>Wrong user name or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The account is locked after too many wrong passwords; try again after {time}.</source>
        <translation>密码错误次数过多，账户已锁定，请于 {time} 后再试。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The account is locked after too many wrong passwords; try again later.</source>
        <translation>密码错误次数过多，账户已锁定，请稍后再试。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This account is disabled; ask the hall&apos;s administrator.</source>
        <translation>此账户已停用，请联系大厅管理员。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This account cannot sign in at this station.</source>
        <translation>此账户不能在本工作站登录。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Your account is not allowed to do this; ask the hall&apos;s administrator.</source>
        <translation>您的账户无权执行此操作，请联系大厅管理员。</translation>
    </message>
    <message>
        <location line="-55"/>
        <source>The sign-in cannot be checked: the database is not available.</source>
        <translation>暂时无法核验登录：数据库不可用。</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>The sign-in could not be checked; try again or ask the hall&apos;s administrator.</source>
        <translation>登录核验失败，请重试或联系大厅管理员。</translation>
    </message>
</context>
<context>
    <name>CallingDisplay</name>
    <message>
        <location filename="../display/page.py" line="+37"/>
        <source>Window {n}</source>
        <extracomment>How many earlier calls are listed beside the newest.</extracomment>
        <translation>{n} 号窗口</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Now calling</source>
        <translation>请到窗口办理</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Please wait for your number to be called</source>
        <translation>请留意叫号，耐心等候</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Recent calls</source>
        <translation>最近叫号</translation>
    </message>
    <message>
        <location line="+89"/>
        <source>{queue} {code}: {n} waiting</source>
        <translation>{code} {queue} 等候 {n} 人</translation>
    </message>
    <message>
        <location filename="../stations/display.py" line="+95"/>
        <source>Demonstration Service Hall</source>
        <extracomment>Milliseconds between two reads of the board (the poll fallback of the live feed): 250 keeps a call&apos;s way to the screen under 300 ms at p95 (``benchmarks/queue_bench.py``).</extracomment>
        <translation>示范区政务服务中心</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Reconnecting…</source>
        <translation>正在重新连接…</translation>
    </message>
</context>
<context>
    <name>CallingStrip</name>
    <message>
        <location filename="../clerk/calling_strip.py" line="+94"/>
        <source>Call next (F9)</source>
        <translation>叫号 (F9)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recall (F10)</source>
        <translation>重呼 (F10)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No-show</source>
        <translation>过号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transfer…</source>
        <translation>转移…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+127"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location line="-116"/>
        <source>Window {n}</source>
        <translation>{n} 号窗口</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>The window is paused: resume it to call.</source>
        <translation>窗口已暂停，请先恢复再叫号。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Nobody is waiting.</source>
        <translation>当前无人等候。</translation>
    </message>
    <message>
        <location line="+71"/>
        <source> (recalled {n}×)</source>
        <translation>（已重呼 {n} 次）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Resume</source>
        <translation>恢复</translation>
    </message>
</context>
<context>
    <name>CaseView</name>
    <message>
        <location filename="../review/case_view.py" line="+123"/>
        <source>Field</source>
        <extracomment>The widest the field-label column starts (pixels); longer labels wrap. The widest the source-tag column starts (pixels; the tag&apos;s tooltip says the exact source). Matter lookup by code (the hall&apos;s catalog); None for a code it does not know. The approver asks for the registry dossier, with this purpose.</extracomment>
        <translation>项目</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Value</source>
        <translation>内容</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Material</source>
        <translation>材料</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+35"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="-22"/>
        <source>Application</source>
        <translation>申请信息</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Step</source>
        <translation>环节</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Handler</source>
        <translation>经办人</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+16"/>
        <source>Opinion</source>
        <translation>意见</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Steps</source>
        <translation>办理过程</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Approver</source>
        <translation>审批人</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Departments</source>
        <translation>并联审批</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Show the applicant&apos;s registry dossier…</source>
        <translation>查看申请人基础信息…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The registry look-up is recorded in the audit log with the purpose you type</source>
        <translation>查询基础信息将连同您填写的用途记入审计日志</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+208"/>
        <source>Registry dossier</source>
        <translation>基础信息</translation>
    </message>
    <message>
        <location line="-155"/>
        <source>{matter} · {applicant} ({id}) · {state} · accepted {when} by {clerk}</source>
        <translation>{matter} · {applicant}（{id}）· {state} · {when} 由 {clerk} 受理</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No time limit</source>
        <translation>无办理时限</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Promised by {date} · clock paused</source>
        <translation>承诺办结 {date} · 计时暂停</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Promised by {date}</source>
        <translation>承诺办结 {date}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Promised by {date} · {clock}</source>
        <translation>承诺办结 {date} · {clock}</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Typed at the window</source>
        <translation>窗口录入</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The matter&apos;s default</source>
        <translation>事项默认值</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>supply by {date}</source>
        <translation>{date}前补交</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>supplied {when}</source>
        <translation>{when}已补交</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Being reviewed</source>
        <translation>审查中</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>round {n}</source>
        <translation>第{n}轮</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Clock pauses: none</source>
        <translation>计时暂停：无</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Clock pauses:</source>
        <translation>计时暂停：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>still paused</source>
        <translation>仍在暂停</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Documents issued: none</source>
        <translation>已出具文书：无</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Documents issued:</source>
        <translation>已出具文书：</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+41"/>
        <source>revoked</source>
        <translation>已作废</translation>
    </message>
    <message>
        <location line="-30"/>
        <source>Why do you need the applicant&apos;s registry dossier? (recorded)</source>
        <translation>查询申请人基础信息的用途（将记录在案）：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Looking the applicant up…</source>
        <translation>正在查询申请人…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Not looked up. The dossier is shown only on request, with a purpose.</source>
        <translation>未查询。基础信息仅在填写用途后按需显示。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The applicant is not in the registry.</source>
        <translation>基础信息库中没有该申请人。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Looked up for: {purpose}</source>
        <translation>查询用途：{purpose}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Household address: {address}</source>
        <translation>户籍地址：{address}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lives at: {address}</source>
        <translation>居住地址：{address}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Employer: {unit}</source>
        <translation>就业单位：{unit}</translation>
    </message>
</context>
<context>
    <name>CasesPage</name>
    <message>
        <location filename="../kiosk/case_pages.py" line="+22"/>
        <source>My cases</source>
        <translation>我的办件</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>You have no cases at this hall.</source>
        <translation>您在本中心没有办件。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Declared here — waiting for a clerk to confirm</source>
        <translation>已在自助终端申报，等待工作人员确认</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Declared on {d}</source>
        <translation>申报日期：{d}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Case number: {n}</source>
        <translation>办件编号：{n}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Handed in on {d}</source>
        <translation>{d} 受理</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Promised by {d}</source>
        <translation>承诺 {d} 前办结</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>• {name} — by {d}</source>
        <translation>• {name}（请于 {d} 前提交）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Still to bring:</source>
        <translation>还需补交：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Bring your ID card and collect it at: {place}</source>
        <translation>已可领取，请带身份证到：{place}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Where to go: {place}</source>
        <translation>请到：{place}</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <location filename="../dialogs/change_password_dialog.py" line="+37"/>
        <source>Choose a new password</source>
        <extracomment>``change(old, new)``: raises the core&apos;s errors (``auth.*``, ``auth.weak_password``).</extracomment>
        <translation>设置新密码</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Your password was set by an administrator. Choose your own before you start: at least 8 characters, letters and digits.</source>
        <translation>您的密码由管理员设置。开始办理业务前请设置自己的密码：至少8位，包含字母和数字。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New password again</source>
        <translation>再次输入新密码</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>The two new passwords differ.</source>
        <translation>两次输入的新密码不一致。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
</context>
<context>
    <name>ClerkTexts</name>
    <message>
        <location filename="../clerk/texts.py" line="+68"/>
        <location line="+29"/>
        <source>No dwelling on record</source>
        <extracomment>Chip colours (background, text) per finding severity; contrast ratio ≥ 4.5:1. Outcome line colours (text) per materials decision.</extracomment>
        <translation>人口库中无住所记录</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>Lived here under {months} months</source>
        <translation>本地居住不满 {months} 个月</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No job, residence or study on record</source>
        <translation>无就业、居所或就读记录</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No {certificate} on record</source>
        <translation>无{certificate}记录</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A condition of the matter is not met</source>
        <translation>不符合事项的办理条件</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Card expired</source>
        <translation>证件已过期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rare characters</source>
        <translation>含生僻字</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not in the registry</source>
        <translation>人口库中无此人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name differs from the registry</source>
        <translation>姓名与人口库不一致</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Address differs from the registry</source>
        <translation>住址与人口库不一致</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The registry cannot tell whether a condition is met</source>
        <translation>人口库无法判断是否符合条件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Endorsement not due yet</source>
        <translation>未到签注期</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Endorsement overdue</source>
        <translation>签注已逾期</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The card was valid until {date}.</source>
        <translation>证件有效期至 {date}。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The card holds characters a normal font cannot show: {characters}</source>
        <translation>证件含常用字体无法显示的字：{characters}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing could be pre-filled from the registry: check every field.</source>
        <translation>无法从人口库预填：请逐项核对。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Card: {card}
Registry: {registry}</source>
        <translation>证件：{card}
人口库：{registry}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The endorsement can be done from {opens} (due {due}).</source>
        <translation>自 {opens} 起可办理签注（到期日 {due}）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The endorsement was due on {date}.</source>
        <translation>签注到期日为 {date}。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Here since {date}.</source>
        <translation>自 {date} 起在本地居住。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Card</source>
        <translation>卡</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Certificate</source>
        <translation>证照</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Registry</source>
        <translation>登记库</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Edited</source>
        <translation>已改</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the identity card just read</source>
        <translation>刚读取的身份证件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Registry: the person&apos;s record</source>
        <translation>登记库：本人信息</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Registry: the person&apos;s dwelling</source>
        <translation>登记库：本人住所</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Registry: the rented dwelling</source>
        <translation>登记库：出租的房屋</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Registry: the dwelling&apos;s owner</source>
        <translation>登记库：房屋产权人</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Registry: the dwelling&apos;s tenant</source>
        <translation>登记库：房屋承租人</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Registry: the spouse</source>
        <translation>登记库：配偶</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Registry: the employer</source>
        <translation>登记库：就业单位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Registry: the employment</source>
        <translation>登记库：就业信息</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The matter&apos;s default value</source>
        <translation>事项默认值</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The date of the visit</source>
        <translation>办理当日</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A certificate the hall issued: {certificate} ({field})</source>
        <translation>本大厅已发证照：{certificate}（{field}）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{source} ({field})</source>
        <translation>{source}（{field}）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Received</source>
        <translation>已收</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reused certificate</source>
        <translation>复用证照</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Promise</source>
        <translation>承诺</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Owed (容缺)</source>
        <translation>容缺</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Missing</source>
        <translation>缺</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Materials complete: the case can be accepted</source>
        <translation>材料齐全：可以受理</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Accept with items owed (容缺), signed promise</source>
        <translation>容缺受理：申请人签署承诺</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cannot accept: one-time notification of what is missing</source>
        <translation>不能受理：出具一次性告知（补正材料通知书）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Lives here without a residence registration</source>
        <translation>在本地居住但未办居住登记</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Residence permit endorsement falls due</source>
        <translation>居住证即将到签注期</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Residence permit endorsement is overdue</source>
        <translation>居住证签注已逾期</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lived here 6 months or more without a residence permit</source>
        <translation>居住满6个月尚无居住证</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rents out a dwelling that is not filed</source>
        <translation>出租房屋未办租赁备案</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rents out a dwelling: rental tax</source>
        <translation>出租房屋：代征税款</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Suggested</source>
        <translation>建议办理</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Photo from the card</source>
        <translation>证件照片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Photo from the registry</source>
        <translation>人口库照片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No photo</source>
        <translation>无照片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Photo could not be shown</source>
        <translation>照片无法显示</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Owner</source>
        <translation>产权人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tenant</source>
        <translation>承租人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Occupant</source>
        <translation>同住人</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>rented out</source>
        <translation>出租</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>vacant</source>
        <translation>空置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>owner-occupied</source>
        <translation>自住</translation>
    </message>
</context>
<context>
    <name>ContentPage</name>
    <message>
        <location filename="../kiosk/widgets.py" line="+94"/>
        <source>One moment…</source>
        <translation>请稍候…</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <location filename="../supervisor/figures.py" line="+71"/>
        <source>Export CSV</source>
        <translation>导出 CSV</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export Excel</source>
        <translation>导出 Excel</translation>
    </message>
    <message>
        <location filename="../supervisor/dashboard.py" line="+138"/>
        <source>Dashboard</source>
        <extracomment>The live feed&apos;s changes are gathered this long before one refresh (a busy hall changes every second; the figures need not follow each). The slow timer: a refresh at least this often when no change is reported. The period chooser&apos;s choices: days ending today (0: custom). Bars for at most this many matters (the rest is in the table). A dashboard was shown (the scene&apos;s &quot;painted&quot; waits for the first). A load or an export failed (its translated text). An export was written (its path). The matters&apos; names in the interface language by code (the core&apos;s are Chinese). Asks where to save (title, suggested path) → a path, &quot;&quot; to cancel; tests replace it.</extracomment>
        <translation>看板</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Period (Ctrl+1 … Ctrl+4)</source>
        <translation>统计期间（Ctrl+1 … Ctrl+4）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Show</source>
        <translation>查看</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refresh (F5)</source>
        <translation>刷新 (F5)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Period:</source>
        <translation>统计期间：</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 7 days</source>
        <translation>近7天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 30 days</source>
        <translation>近30天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Custom…</source>
        <translation>自定义…</translation>
    </message>
    <message>
        <location filename="../supervisor/dashboard_tables.py" line="+30"/>
        <source>By matter</source>
        <translation>按事项</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By window</source>
        <translation>按窗口</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Review load</source>
        <translation>部门审批</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+57"/>
        <source>Queue</source>
        <translation>排队</translation>
    </message>
    <message>
        <location line="-56"/>
        <source>Print faults</source>
        <translation>打印故障</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ratings by matter</source>
        <translation>评价（按事项）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ratings by window</source>
        <translation>评价（按窗口）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Follow-ups</source>
        <translation>差评整改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Day by day</source>
        <translation>逐日</translation>
    </message>
    <message>
        <location filename="../supervisor/dashboard.py" line="+110"/>
        <source>{first} … {last} · updated {time}</source>
        <translation>{first} 至 {last} · 更新于 {time}</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Today: {value}</source>
        <translation>今日：{value}</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+61"/>
        <location filename="../supervisor/dashboard_tables.py" line="+11"/>
        <source>Accepted</source>
        <translation>受理</translation>
    </message>
    <message>
        <location line="-57"/>
        <location line="+58"/>
        <location filename="../supervisor/dashboard_tables.py" line="+1"/>
        <source>Issued</source>
        <translation>办结出证</translation>
    </message>
    <message>
        <location line="-55"/>
        <location line="+56"/>
        <location filename="../supervisor/dashboard_tables.py" line="+1"/>
        <source>Refused</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <location line="-47"/>
        <source>In-time rate</source>
        <translation>按期办结率</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Waiting now</source>
        <translation>当前排队</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No-shows: {n}</source>
        <translation>今日过号：{n}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Review tasks open</source>
        <translation>待审批任务</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Oldest: {day}</source>
        <translation>最早：{day}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Failed print jobs</source>
        <translation>打印失败</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Bad ratings</source>
        <translation>差评</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Follow-ups late: {n}</source>
        <translation>整改逾期：{n}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Accepted, issued and refused by matter</source>
        <translation>各事项受理、办结与不予受理</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>In-time rate by day (%)</source>
        <translation>每日按期办结率（%）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Finished by the promised date</source>
        <translation>承诺时限内办结</translation>
    </message>
    <message>
        <location filename="../supervisor/dashboard_tables.py" line="+1"/>
        <source>Rejected</source>
        <translation>不予许可</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finished with a promise</source>
        <translation>有承诺时限的办结</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In time</source>
        <translation>按期办结</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In-time rate (%)</source>
        <translation>按期办结率（%）</translation>
    </message>
    <message>
        <location line="+36"/>
        <location line="+14"/>
        <location line="+82"/>
        <location line="+32"/>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location line="-120"/>
        <location line="+67"/>
        <location line="+52"/>
        <source>Matter</source>
        <translation>事项</translation>
    </message>
    <message>
        <location line="-119"/>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open</source>
        <translation>待签收</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Claimed</source>
        <translation>办理中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Oldest waiting since</source>
        <translation>最早待办自</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decided in period</source>
        <translation>期间办结</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Median to claim (min)</source>
        <translation>签收用时中位数（分钟）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Median to decide (min)</source>
        <translation>审批用时中位数（分钟）</translation>
    </message>
    <message>
        <location line="+19"/>
        <location line="+71"/>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="-70"/>
        <source>Queue or window</source>
        <translation>队列或窗口</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Taken</source>
        <translation>取号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Served</source>
        <translation>已办理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No-shows</source>
        <translation>过号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Median wait (min)</source>
        <translation>等候中位数（分钟）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>90% waited at most (min)</source>
        <translation>90%等候不超过（分钟）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Median service (min)</source>
        <translation>办理用时中位数（分钟）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cases</source>
        <translation>办件</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Station</source>
        <translation>工作站</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed jobs</source>
        <translation>失败任务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Latest</source>
        <translation>最近一次</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+21"/>
        <source>Ratings</source>
        <translation>评价数</translation>
    </message>
    <message>
        <location line="-20"/>
        <location line="+21"/>
        <source>Mean score (1 best)</source>
        <translation>平均分（1为最满意）</translation>
    </message>
    <message>
        <location line="-20"/>
        <location line="+21"/>
        <source>Bad</source>
        <translation>差评</translation>
    </message>
    <message>
        <location line="-20"/>
        <location line="+21"/>
        <source>Found malicious</source>
        <translation>恶意差评（已核销）</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Matter or window</source>
        <translation>事项或窗口</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open follow-ups</source>
        <translation>整改中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Late</source>
        <translation>逾期</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../supervisor/dashboard.py" line="+68"/>
        <source>Export “{table}”</source>
        <translation>导出“{table}”</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Saved {name}</source>
        <translation>已保存 {name}</translation>
    </message>
</context>
<context>
    <name>DatabasePanel</name>
    <message>
        <location filename="../panels/database_panel.py" line="+15"/>
        <source>Active database</source>
        <translation>当前数据库</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Database:</source>
        <translation>数据库：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Schema revision:</source>
        <translation>结构版本：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data:</source>
        <translation>数据：</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>not initialised</source>
        <translation>未初始化</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>SQLite, embedded default (on this computer only)</source>
        <translation>SQLite，内置默认库（仅限本机）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PostgreSQL, the hall&apos;s shared database</source>
        <translation>PostgreSQL，大厅共享数据库</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SQLite file (configured)</source>
        <translation>SQLite 文件（已配置）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Registry data</source>
        <translation>登记数据</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Synthetic demo registry (random seed {seed})</source>
        <translation>合成演示人口库（随机种子 {seed}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Synthetic demo registry</source>
        <translation>合成演示人口库</translation>
    </message>
</context>
<context>
    <name>Deadlines</name>
    <message>
        <location filename="../supervisor/deadlines.py" line="+105"/>
        <source>At risk</source>
        <extracomment>Row colours (background, text) per clock; contrast ≥ 4.5:1. The words say it too. The matter&apos;s column in each table, and the width a long matter name is cut to.</extracomment>
        <translation>预警</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+314"/>
        <source>Yellow</source>
        <translation>黄灯</translation>
    </message>
    <message>
        <location line="-313"/>
        <location line="+314"/>
        <source>Red</source>
        <translation>红灯</translation>
    </message>
    <message>
        <location line="-313"/>
        <location line="+314"/>
        <source>Overdue</source>
        <translation>已超期</translation>
    </message>
    <message>
        <location line="-313"/>
        <location line="+314"/>
        <source>Due today</source>
        <translation>今日到期</translation>
    </message>
    <message>
        <location line="-313"/>
        <location line="+20"/>
        <location line="+294"/>
        <source>Paused</source>
        <translation>计时暂停</translation>
    </message>
    <message>
        <location line="-313"/>
        <source>All running</source>
        <translation>全部在办</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Overdue by 1 day</source>
        <translation>已超期1天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overdue by {days} days</source>
        <translation>已超期{days}天</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>1 day left</source>
        <translation>剩余1天</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{days} days left</source>
        <translation>剩余{days}天</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{left} · red</source>
        <translation>{left} · 红灯</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{left} · yellow</source>
        <translation>{left} · 黄灯</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>Deadlines</source>
        <extracomment>The matters&apos; names in the interface language by code (the core&apos;s are Chinese).</extracomment>
        <translation>期限</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Refresh (F5)</source>
        <translation>刷新 (F5)</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>◀ Previous (PgUp)</source>
        <translation>◀ 上一页 (PgUp)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next (PgDn) ▶</source>
        <translation>下一页 (PgDn) ▶</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Enter or a double click on a case shows it here.</source>
        <translation>在办件上按回车或双击，在此查看办件。</translation>
    </message>
    <message>
        <location line="+100"/>
        <source>On {day}: {running} cases running</source>
        <translation>{day}：在办 {running} 件</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>{first}–{last} of {total}</source>
        <translation>第 {first}–{last} 件，共 {total} 件</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>By matter and window</source>
        <translation>按事项和窗口</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+41"/>
        <source>Matter</source>
        <translation>事项</translation>
    </message>
    <message>
        <location line="-40"/>
        <location line="+41"/>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>Running</source>
        <translation>在办</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Case</source>
        <translation>办件编号</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Due</source>
        <translation>承诺办结</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Clock</source>
        <translation>时限</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Opening {number}…</source>
        <translation>正在打开{number}…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{applicant} ({id}) · promised by {date}</source>
        <translation>{applicant}（{id}）· 承诺 {date} 前办结</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Export “{table}”</source>
        <translation>导出“{table}”</translation>
    </message>
</context>
<context>
    <name>DecisionPanel</name>
    <message>
        <location filename="../review/decision_panel.py" line="+111"/>
        <source>Approve (Alt+A)</source>
        <extracomment>Submit this decision with this opinion (checked: reject/return have one). Pause the case&apos;s clock: kind, reason. The approver wants the next task (offered after a decision).</extracomment>
        <translation>同意 (Alt+A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reject (Alt+R)</source>
        <translation>不予许可 (Alt+R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Return for correction (Alt+T)</source>
        <translation>退回补正 (Alt+T)</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Opinion (required to reject or return; the applicant reads it)</source>
        <translation>审批意见（不予许可、退回补正时必填；申请人可见）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Submit decision (Ctrl+Enter)</source>
        <translation>提交 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pause clock…</source>
        <translation>暂停计时…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A special procedure stops the case&apos;s clock</source>
        <translation>特别程序期间暂停办件计时</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resume clock</source>
        <translation>恢复计时</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Next task (F2)</source>
        <translation>下一件 (F2)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Common opinions (Alt+O):</source>
        <translation>常用意见 (Alt+O)：</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>— pick a common opinion —</source>
        <translation>— 选择常用意见 —</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Claim a task to decide it (F2: the most urgent).</source>
        <translation>签收任务后即可审批（F2：签收最紧急的一件）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This task is not claimed by you: claim it to decide.</source>
        <translation>该任务不是您签收的：签收后方可审批。</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Saving the decision…</source>
        <translation>正在保存审批结果…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Choose a decision first: Alt+A approve, Alt+R reject, Alt+T return.</source>
        <translation>请先选择审批结论：Alt+A 同意，Alt+R 不予许可，Alt+T 退回补正。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{decision} needs an opinion: the applicant reads it.</source>
        <translation>“{decision}”须填写审批意见（申请人可见）。</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>{decision}: recorded for case {number}.</source>
        <translation>办件{number}：{decision}，已记录。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>All departments approved: the case is ready to issue at any window.</source>
        <translation>各部门均已同意：办件待出件，任一窗口均可发放。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All departments approved: the result is prepared for the window next.</source>
        <translation>各部门均已同意：接下来制作办理结果并送达窗口。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Still deciding: {departments}.</source>
        <translation>尚待审批：{departments}。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The case is rejected; the other departments&apos; tasks are closed.</source>
        <translation>办件不予许可，其他部门的审批任务已关闭。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The case goes back to the applicant for correction.</source>
        <translation>办件已退回申请人补正。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Issued: {kind} {number}</source>
        <translation>已出具：{kind} {number}</translation>
    </message>
</context>
<context>
    <name>DeclarationsControl</name>
    <message>
        <location filename="../clerk/declarations.py" line="+375"/>
        <location line="+89"/>
        <source>Kiosk declarations… (F8)</source>
        <extracomment>How many declarations wait (after each read). A claimed declaration was handed to the desk.</extracomment>
        <translation>自助申报… (F8)</translation>
    </message>
    <message>
        <location line="-86"/>
        <source>Declarations</source>
        <translation>申报</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Kiosk declarations (F8)</source>
        <translation>自助申报 (F8)</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Kiosk declarations</source>
        <translation>自助申报</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>{n} waiting</source>
        <translation>{n} 件待确认</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Kiosk declarations ({n} waiting)… (F8)</source>
        <translation>自助申报（{n} 件待确认）… (F8)</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Kiosk declaration opened: check the person and the materials, then accept (Ctrl+Enter) or refuse it.</source>
        <translation>已打开自助申报：请核对申报人和材料，然后受理（Ctrl+Enter）或不予受理。</translation>
    </message>
</context>
<context>
    <name>DeclarationsDialog</name>
    <message>
        <location line="-372"/>
        <source>Kiosk declarations</source>
        <extracomment>The key that opens the list (the desk keeps F12, the calling strip F9/F10). The fallback poll when no change arrives (a lost feed): once a minute. A declaration was claimed by this clerk: the draft to open at the desk. The list was read: how many wait.</extracomment>
        <translation>自助申报</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Declared by citizens at the self-service kiosk. Claim one (Enter) to open it at the desk: check the materials, then accept or refuse it there.</source>
        <extracomment>Claimed by this clerk, no case yet. Whether the desk has this draft open now (it is not handed back from under it). Bumped per read: an older read&apos;s answer is dropped.</extracomment>
        <translation>群众在自助终端提交的申报。领取一件（回车）即在窗口打开：核对材料后在窗口受理或不予受理。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Declared</source>
        <translation>申报时间</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Matter</source>
        <translation>事项</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Person</source>
        <translation>申报人</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Kiosk</source>
        <translation>自助终端</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Claim and open (Enter)</source>
        <translation>领取并打开（回车）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Refresh (F5)</source>
        <translation>刷新 (F5)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Claimed by you, not yet accepted or refused:</source>
        <translation>您已领取、尚未受理或不予受理的申报：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Hand back to the list</source>
        <translation>退回待确认列表</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>No declaration is waiting.</source>
        <translation>没有待确认的申报。</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Claiming…</source>
        <translation>正在领取…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Another clerk has taken this declaration. The list is refreshed.</source>
        <translation>该申报已由其他工作人员领取，列表已刷新。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>This declaration is open at the desk: accept or refuse it there, or press F12 first, then hand it back.</source>
        <translation>该申报正在窗口打开：请在窗口受理或不予受理，或先按 F12，再退回。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Handed back: another clerk can claim it now.</source>
        <translation>已退回：其他工作人员现在可以领取。</translation>
    </message>
</context>
<context>
    <name>DeclarePage</name>
    <message>
        <location filename="../kiosk/declare_page.py" line="+25"/>
        <source>Declare your residence</source>
        <translation>自主申报居住登记</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Yes, I live here</source>
        <translation>是，我住这里</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No, I live elsewhere</source>
        <translation>不是，我住别处</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The number we have for you is shown; change it if needed. It is used only to reach you about this declaration.</source>
        <translation>已显示登记的号码，如有变化请修改。号码仅用于本次申报联系您。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Send my declaration</source>
        <translation>提交申报</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Step 1 of 2: is this where you live?</source>
        <translation>第1步（共2步）：您住在这里吗？</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Declare: {matter}</source>
        <translation>自主申报：{matter}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Step 2 of 2: your phone number</source>
        <translation>第2步（共2步）：您的手机号码</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>One moment…</source>
        <translation>请稍候…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Your new address has to be checked by a clerk. Please go to: {place}</source>
        <translation>新住址需由工作人员核实，请到：{place}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Sending…</source>
        <translation>正在提交…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Sent. A clerk confirms your declaration; if anything is missing you will be called. Questions: {place}</source>
        <translation>已提交。工作人员确认后即完成登记，如有问题会电话联系您。咨询请到：{place}</translation>
    </message>
</context>
<context>
    <name>DemoBanner</name>
    <message>
        <location filename="../panels/demo_banner.py" line="+20"/>
        <source>DEMO DATA · synthetic registry, not real people</source>
        <translation>演示数据 · 合成人口库，非真实个人信息</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Every person, dwelling and employer in this database was generated by OneWindow for demonstration and training. Do not use it for real cases.</source>
        <translation>本数据库中的人员、房屋和单位均由一窗通自动生成，仅供演示和培训使用，请勿用于真实业务办理。</translation>
    </message>
</context>
<context>
    <name>DeskPage</name>
    <message>
        <location filename="../errors.py" line="+17"/>
        <source>The database cannot be reached. Nothing typed is lost: the draft is kept on this computer. Try again when the connection is back.</source>
        <translation>数据库无法连接。已录入的内容不会丢失：草稿已保存在本机。连接恢复后请重试。</translation>
    </message>
    <message>
        <location filename="../clerk/desk_page.py" line="+136"/>
        <source>Place the ID card on the reader</source>
        <extracomment>How many matters&apos; tabs are kept (wiped) for later visits, instead of being built again. Wiped tabs of earlier visits by matter code, the least recently used first. Bumped whenever the page is cleared: a worker&apos;s answer for an earlier visit is dropped.</extracomment>
        <translation>请将身份证放在读卡器上</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No card? Type the ID number and press Enter</source>
        <translation>未带证件？输入证件号码后按回车</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Accept (Ctrl+Enter)</source>
        <translation>受理（Ctrl+Enter）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Refuse…</source>
        <translation>不予受理…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next person (F12)</source>
        <translation>下一位（F12）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Applicant&apos;s rating:</source>
        <translation>申请人评价：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>1 Very satisfied</source>
        <translation>1 非常满意</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>2 Satisfied</source>
        <translation>2 满意</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>3 Fairly satisfied</source>
        <translation>3 基本满意</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>4 Dissatisfied</source>
        <translation>4 不满意</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>5 Very dissatisfied</source>
        <translation>5 非常不满意</translation>
    </message>
    <message>
        <location line="+97"/>
        <source>Looking the person up…</source>
        <translation>正在查询人员信息…</translation>
    </message>
    <message>
        <location line="+144"/>
        <source>Fee: {amount} yuan</source>
        <translation>收费：{amount} 元</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Tax: enter the rent and the months</source>
        <translation>税款：请填写租金和租期月数</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Tax for the term: {total} yuan</source>
        <translation>租期应纳税费：{total} 元</translation>
    </message>
    <message>
        <location line="+86"/>
        <source>Check the form first: {field}</source>
        <translation>请先检查表单：{field}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Accept with materials owed</source>
        <translation>容缺受理</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only non-essential materials are missing: {owed}.

Has the applicant signed the promise to supply them? (No: a one-time notification is printed)</source>
        <translation>仅缺少非必需材料：{owed}。

申请人是否已签署补交承诺？（否：打印一次性告知书）</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Refuse at the window</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reason (printed on the notice):</source>
        <translation>理由（打印在通知书上）：</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Saving the case and its documents…</source>
        <translation>正在保存办件并生成文书…</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Case {number} saved.</source>
        <translation>办件 {number} 已保存。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Everything is done. Ask the applicant to rate the service.</source>
        <translation>全部办结。请申请人对本次服务进行评价。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Printing failed: {error}</source>
        <translation>打印失败：{error}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>printed</source>
        <translation>已打印</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>print failed: {error} — kept in the queue</source>
        <translation>打印失败：{error}——已保留在打印队列中</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>duplicate queued</source>
        <translation>补打已排队</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>Unknown error</source>
        <translation>未知错误</translation>
    </message>
</context>
<context>
    <name>DigitKeypad</name>
    <message>
        <location filename="../kiosk/keypad.py" line="+34"/>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>ErrorPanel</name>
    <message>
        <location filename="../panels/error_panel.py" line="+35"/>
        <source>Technical detail:</source>
        <extracomment>Lines longer than this are hard to read; the error text wraps within it.</extracomment>
        <translation>技术详情：</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Nothing has been changed. Correct the cause (see the detail above, or ask the hall&apos;s administrator), then try again.</source>
        <translation>未做任何更改。请排除原因（见上方详情，或联系大厅管理员）后重试。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../errors.py" line="-33"/>
        <source>This could not be done (error code {code}). Ask the hall&apos;s administrator.</source>
        <translation>操作未能完成（错误代码：{code}），请联系大厅管理员。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>An unexpected error occurred. Try again; if it happens again, tell technical support.</source>
        <translation>发生意外错误，请重试；如再次出现，请联系技术支持。</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>The card could not be used: {reason}.</source>
        <translation>无法使用该证件：{reason}。</translation>
    </message>
</context>
<context>
    <name>FollowUps</name>
    <message>
        <location filename="../supervisor/followups.py" line="+161"/>
        <source>To assign</source>
        <extracomment>Column keys, in display order. The filters, in the combo box&apos;s order: (key, state, late only, open only). Row colours (background, text) per deadline level; each also said in words. Hall working days left at which a follow-up turns yellow. The model&apos;s role carrying a row&apos;s follow-up id.</extracomment>
        <translation>待分派</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assigned</source>
        <translation>已分派</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Called back</source>
        <translation>已回访</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rectified</source>
        <translation>已整改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replied</source>
        <translation>已答复</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+12"/>
        <source>Closed</source>
        <translation>已办结</translation>
    </message>
    <message>
        <location line="-11"/>
        <location line="+10"/>
        <source>Appealed</source>
        <translation>申诉中</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Appeal upheld</source>
        <translation>申诉成立</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Open</source>
        <translation>未办结</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Late</source>
        <translation>已超期</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Very satisfied</source>
        <translation>非常满意</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Satisfied</source>
        <translation>满意</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fairly satisfied</source>
        <translation>基本满意</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dissatisfied</source>
        <translation>不满意</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Very dissatisfied</source>
        <translation>非常不满意</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Late: %1 working days</source>
        <translation>已超期 %1 个工作日</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Due today</source>
        <translation>今日到期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 working days left</source>
        <translation>剩余 %1 个工作日</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Case</source>
        <translation>办件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Matter</source>
        <translation>事项</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rating</source>
        <translation>评价</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last day</source>
        <translation>办结期限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deadline</source>
        <translation>时限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assignee</source>
        <translation>责任人</translation>
    </message>
</context>
<context>
    <name>FollowUpsPage</name>
    <message>
        <location line="+77"/>
        <source>&amp;Show:</source>
        <extracomment>The list was painted (after every query). A step was taken and the follow-up is shown as it now stands. An error was shown (its translated text). The list was exported (the file&apos;s path).</extracomment>
        <translation>显示(&amp;S)：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Export…</source>
        <translation>显示(&amp;S)：</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Follow-ups of bad ratings</source>
        <translation>差评整改</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Case</source>
        <translation>办件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rating</source>
        <translation>评价</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Citizen&apos;s comment</source>
        <translation>群众留言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Window, channel</source>
        <translation>窗口、评价渠道</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last day</source>
        <translation>办结期限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assignee</source>
        <translation>责任人</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+109"/>
        <source>Call-back</source>
        <translation>回访</translation>
    </message>
    <message>
        <location line="-108"/>
        <location line="+109"/>
        <source>Rectification</source>
        <translation>整改</translation>
    </message>
    <message>
        <location line="-108"/>
        <location line="+109"/>
        <source>Reply</source>
        <translation>答复</translation>
    </message>
    <message>
        <location line="-108"/>
        <source>Appeal</source>
        <translation>申诉</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assign &amp;to:</source>
        <translation>分派给(&amp;T)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Assign</source>
        <translation>分派(&amp;A)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Text (call-back outcome, rectification, reply, reason):</source>
        <translation>内容(&amp;T)（回访情况、整改措施、答复内容、理由）：</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Call-back</source>
        <translation>登记回访(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recti&amp;fied</source>
        <translation>登记整改(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;ply</source>
        <translation>登记答复(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>C&amp;lose</source>
        <translation>办结(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Appeal as &amp;malicious</source>
        <translation>恶意差评申诉(&amp;M)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Uphold appeal</source>
        <translation>申诉成立(&amp;U)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;ject appeal</source>
        <translation>驳回申诉(&amp;J)</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>Comment</source>
        <translation>差评整改</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Export the follow-ups</source>
        <translation>导出差评整改</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Excel workbook (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel 工作簿 (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1 shown, %2 late</source>
        <translation>共 %1 条，超期 %2 条</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>upheld</source>
        <translation>成立</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>rejected</source>
        <translation>驳回</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Write the text for this step first.</source>
        <translation>请先填写本环节的内容。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Type the user name to assign it to.</source>
        <translation>请输入责任人的用户名。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
</context>
<context>
    <name>HeaderPanel</name>
    <message>
        <location filename="../panels/header.py" line="+39"/>
        <source>Window {number}</source>
        <translation>{number} 号窗口</translation>
    </message>
</context>
<context>
    <name>KioskTexts</name>
    <message>
        <location filename="../kiosk/texts.py" line="+57"/>
        <location filename="../kiosk/widgets.py" line="-41"/>
        <source>Very satisfied</source>
        <translation>非常满意</translation>
    </message>
    <message>
        <location filename="../kiosk/print_page.py" line="+107"/>
        <source>Printed. Please take your paper.</source>
        <translation>打印完成，请取走您的材料。</translation>
    </message>
    <message>
        <location filename="../kiosk/texts.py" line="-36"/>
        <source>Not handed in yet</source>
        <translation>尚未提交</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Received — we are working on it</source>
        <translation>已受理，正在办理</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not accepted — see the notice you were given</source>
        <translation>不予受理，详见告知书</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Waiting for papers from you</source>
        <translation>等待您补交材料</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Being checked by the departments</source>
        <translation>部门审核中</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sent back to you for a correction</source>
        <translation>已退回，需您补正</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Approved — the result is being prepared</source>
        <translation>已审批通过，正在制证</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not approved</source>
        <translation>未获批准</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ready — come and collect it</source>
        <translation>已办好，请来领取</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Finished — handed out</source>
        <translation>已办结，已领取</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Withdrawn by you</source>
        <translation>您已撤回</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed by the hall</source>
        <translation>已终止办理</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Satisfied</source>
        <translation>满意</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fairly satisfied</source>
        <translation>基本满意</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dissatisfied</source>
        <translation>不满意</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Very dissatisfied</source>
        <translation>非常不满意</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The printer is offline. Nothing was printed; your print is kept. Tap “Try again” in a moment, or ask the staff.</source>
        <translation>打印机未连接，尚未打印；打印任务已保留。请稍后点“重试”，或请工作人员帮助。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The printer is out of paper or not ready. Nothing was printed; your print is kept. Tap “Try again” once it is fixed, or ask the staff.</source>
        <translation>打印机缺纸或未就绪，尚未打印；打印任务已保留。处理好后请点“重试”，或请工作人员帮助。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This document cannot be printed here. Please ask at the window.</source>
        <translation>该文书不能在此打印，请到窗口咨询。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The print did not work. Nothing was printed; your print is kept. Please ask the staff.</source>
        <translation>打印未成功，尚未打印；打印任务已保留。请工作人员帮助。</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../kiosk/window.py" line="+196"/>
        <location line="+19"/>
        <location line="+41"/>
        <location line="+9"/>
        <location line="+88"/>
        <source>Place the ID card flat on the reader.</source>
        <translation>请将身份证平放在读卡区。</translation>
    </message>
    <message>
        <location line="-124"/>
        <source>Reading your card… one moment.</source>
        <translation>正在读卡，请稍候…</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>The card reader is not working. Please ask the staff.</source>
        <translation>读卡器暂时无法使用，请联系工作人员。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Your card could not be read ({reason}). Take it off, wait a second and place it flat on the reader again. If it still fails, please go to: {place}</source>
        <translation>身份证未能读取（{reason}）。请拿开，稍等一秒后重新平放在读卡区。如仍不行，请到：{place}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Hello</source>
        <translation>您好</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hello, {name}</source>
        <translation>您好，{name}</translation>
    </message>
    <message>
        <location line="+117"/>
        <source>There is no printer at this kiosk.</source>
        <translation>本终端没有打印机。</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password of the kiosk account:</source>
        <translation>自助终端账号密码：</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <location filename="../idle_lock.py" line="+165"/>
        <source>The screen is locked</source>
        <translation>屏幕已锁定</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Your work is kept. Enter your password to continue.</source>
        <translation>您的工作已保留。请输入密码继续。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Signed in: {user}</source>
        <translation>当前登录：{user}</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../dialogs/login_dialog.py" line="+51"/>
        <source>Sign in · OneWindow</source>
        <translation>登录 · 一窗通</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Demo data: sign in as clerk, approver-police, approver-community, approver-justice, supervisor or admin with the password {password}.</source>
        <translation>演示数据：可用 clerk、approver-police、approver-community、approver-justice、supervisor 或 admin 登录，密码均为 {password}。</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Checking…</source>
        <translation>正在核验…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opening the database; your password is checked as soon as it is open…</source>
        <translation>正在打开数据库，打开后立即核验密码…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Enter your user name.</source>
        <translation>请输入用户名。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="+151"/>
        <source>Connecting to the database…</source>
        <extracomment>The registry&apos;s status is on screen (after each successful load). An error is on screen: its code (&quot;&quot; when the exception carried none) and detail. The user chose an interface language (a Qt locale name: &quot;zh_CN&quot; or &quot;en&quot;).</extracomment>
        <translation>正在连接数据库…</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Signed in: {user}</source>
        <translation>已登录：{user}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>View</source>
        <translation>视图</translation>
    </message>
    <message>
        <location line="-125"/>
        <source>Window desk</source>
        <extracomment>``report(phase, done, total)``: thread-safe progress reporting for the provider. Opens the registry if needed and reads its status; runs on the worker thread. Raises an exception with a ``code`` attribute (e.g. ``DatabaseError``) when the registry cannot be used.</extracomment>
        <translation>窗口受理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reception desk</source>
        <translation>导服台</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Review desk</source>
        <translation>审批台</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Supervision</source>
        <translation>效能监察</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Self-service kiosk</source>
        <translation>自助终端</translation>
    </message>
    <message>
        <location line="+124"/>
        <source>Database status</source>
        <translation>数据库状态</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The language changes when OneWindow is started again (your work is kept).</source>
        <translation>界面语言将在重新启动一窗通后生效（已录入的内容会保留）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{desk} cannot start: {error}</source>
        <translation>{desk}无法启动：{error}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Unfinished work</source>
        <translation>未完成的业务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resume the unfinished application “{title}”?</source>
        <translation>是否继续办理未完成的申请“{title}”？</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The registry is not available</source>
        <translation>登记库不可用</translation>
    </message>
</context>
<context>
    <name>MaskedNumberField</name>
    <message>
        <location filename="../supervisor/audit_page.py" line="-82"/>
        <source>Entered and masked; click to type another number</source>
        <translation>已输入并脱敏显示；点击可输入其他号码</translation>
    </message>
</context>
<context>
    <name>MaterialsChecklist</name>
    <message>
        <location filename="../clerk/materials_panel.py" line="+89"/>
        <source>Materials</source>
        <extracomment>The decision or its lists changed: the new :class:`MaterialsOutcome`. The clerk changed a mark: material code → status (for autosave).</extracomment>
        <translation>申请材料</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All received</source>
        <translation>全部已收</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mark every material as received</source>
        <translation>将所有材料标为已收</translation>
    </message>
    <message>
        <location line="+145"/>
        <source>Essential</source>
        <translation>必需</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>May be owed (容缺)</source>
        <translation>可容缺</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>originals {originals}, copies {copies}</source>
        <translation>原件 {originals} 份，复印件 {copies} 份</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Reused certificate: {certificate} {number}</source>
        <translation>复用证照：{certificate} {number}</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Owed: {items}</source>
        <translation>容缺：{items}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Missing: {items}</source>
        <translation>缺少：{items}</translation>
    </message>
</context>
<context>
    <name>MatterForm</name>
    <message>
        <location filename="../clerk/form_engine.py" line="+334"/>
        <source>+ Add to {section}</source>
        <extracomment>What :meth:`MatterForm.eventFilter` looks at (the viewport&apos;s resize; an editor&apos;s focus, keys). The clerk changed something (debounced ~300 ms): the form&apos;s values (path → text). Enter on the last field: the form is done, go on (e.g. to the materials). the label column: as wide as the longest label, within reason (long ones wrap) below this width the fields go one per line</extracomment>
        <translation>+ 添加{section}</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location line="+135"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Enter: new line · Tab: next field</source>
        <translation>回车：换行 · Tab：下一项</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>YYYY-MM-DD</source>
        <translation>年-月-日</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>mobile or area code-number</source>
        <translation>手机或区号-号码</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>{count} of at most {max}</source>
        <translation>已有 {count} 项，最多 {max} 项</translation>
    </message>
    <message>
        <location line="+108"/>
        <source>Changed by the clerk. Pre-filled: {value} ({source})</source>
        <translation>已由窗口人员修改。预填值：{value}（{source}）</translation>
    </message>
</context>
<context>
    <name>MatterPicker</name>
    <message>
        <location filename="../clerk/matter_picker.py" line="+94"/>
        <source>Search: name, pinyin initials or code</source>
        <extracomment>The ticked matters changed: their codes, in the order they were ticked. Enter: the clerk goes on with these matters (never empty).</extracomment>
        <translation>搜索：名称、拼音首字母或编码</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>↑↓ move · Space tick · Enter continue · Esc clear search</source>
        <translation>↑↓ 移动 · 空格 勾选 · 回车 继续 · Esc 清除搜索</translation>
    </message>
    <message>
        <location line="+187"/>
        <source>No matter ticked</source>
        <translation>未选择事项</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Ticked ({count}): {names}</source>
        <translation>已选（{count}）：{names}</translation>
    </message>
</context>
<context>
    <name>OutcomeView</name>
    <message>
        <location filename="../clerk/matter_tab.py" line="+140"/>
        <source>Reprint (补打)</source>
        <translation>补打</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Print the documents again, marked as a duplicate (recorded in the audit log)</source>
        <translation>再次打印本办件的文书，标注“补打”（记入审计日志）</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Accepted</source>
        <translation>已受理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accepted with materials owed (容缺)</source>
        <translation>容缺受理</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not accepted yet: one-time notification of everything missing</source>
        <translation>暂不受理：已一次性告知全部缺少的材料</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refused at the window</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> · issued at the window</source>
        <translation> · 已当场办结出证</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Promised by {date}</source>
        <translation>承诺办结日期 {date}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Tax due: {total} yuan ({rules})</source>
        <translation>应纳税费：{total} 元（{rules}）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>A document could not be issued ({error}); the case is saved.</source>
        <translation>有文书未能出具（{error}）；办件已保存。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>queued for printing</source>
        <translation>等待打印</translation>
    </message>
</context>
<context>
    <name>PasswordPrompt</name>
    <message>
        <location filename="../widgets/password_prompt.py" line="+50"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
</context>
<context>
    <name>PauseDialog</name>
    <message>
        <location filename="../review/decision_panel.py" line="-307"/>
        <source>Pause the clock</source>
        <extracomment>Decision → its shortcut.</extracomment>
        <translation>暂停计时</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Why the clock stops (recorded)</source>
        <translation>暂停计时的理由（将记录在案）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Special procedure</source>
        <translation>特别程序</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
</context>
<context>
    <name>PersonPanel</name>
    <message>
        <location filename="../clerk/person_panel.py" line="+110"/>
        <location line="+374"/>
        <source>Show</source>
        <extracomment>The shown photo&apos;s size: an ID photo&apos;s proportions (102 × 126 on the card). The &quot;Show numbers&quot; toggle changed: True while identity numbers are shown in full. detail row → the persons it lists: (name, identity number, phone)</extracomment>
        <translation>显示</translation>
    </message>
    <message>
        <location line="-373"/>
        <source>Show identity numbers in full (Ctrl+Shift+I)</source>
        <translation>显示完整证件号码（Ctrl+Shift+I）</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Household address</source>
        <extracomment>the chips showing this person&apos;s findings; the first ones of ``_chip_pool`` every chip built so far, kept (hidden, wiped) and refilled for the next person</extracomment>
        <translation>户籍地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Arrived</source>
        <translation>来本地</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dwelling</source>
        <translation>住所</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>House code</source>
        <translation>房屋编码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lives there as</source>
        <translation>居住身份</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Landlord</source>
        <translation>房东</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tenants</source>
        <translation>承租人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Others living there</source>
        <translation>其他同住人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Employer</source>
        <translation>就业单位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificates</source>
        <translation>已发证照</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cases</source>
        <translation>办件</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>No cases</source>
        <extracomment>the labels showing this person&apos;s cases; the first ones of ``_case_pool`` every case line built so far, kept (hidden, wiped) and refilled for the next person</extracomment>
        <translation>无办件记录</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Tap an identity card or look a person up.</source>
        <translation>请刷身份证或查询人员。</translation>
    </message>
    <message>
        <location line="+78"/>
        <location line="+124"/>
        <source>long-term</source>
        <translation>长期</translation>
    </message>
    <message>
        <location line="-123"/>
        <source>Card valid until {date}</source>
        <translation>证件有效期至 {date}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No card read: registry data</source>
        <translation>未读卡：人口库信息</translation>
    </message>
    <message>
        <location line="+108"/>
        <source>None on record</source>
        <translation>无记录</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>revoked</source>
        <translation>已注销</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>until {date}</source>
        <translation>有效期至 {date}</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>No photo</source>
        <translation>无照片</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
</context>
<context>
    <name>PersonView</name>
    <message>
        <location filename="../kiosk/person.py" line="+62"/>
        <source>Your name has a rare character that this screen may not show correctly. To print or declare, please go to: {place}</source>
        <extracomment>Pages read again each time they are opened anew.</extracomment>
        <translation>您的姓名含生僻字，本屏幕可能无法正确显示。打印或申报请到：{place}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>My cases</source>
        <translation>我的办件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Print again</source>
        <translation>补打材料</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Declare residence</source>
        <translation>居住申报</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take a ticket</source>
        <translation>取号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rate our service</source>
        <translation>服务评价</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Done — end my session</source>
        <translation>办完了，退出</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>Ends in {s} s</source>
        <translation>{s} 秒后退出</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Still there? Your session ends in {s} seconds. Touch the screen to go on.</source>
        <translation>还在吗？{s} 秒后将自动退出，点击屏幕可继续。</translation>
    </message>
</context>
<context>
    <name>PrintPage</name>
    <message>
        <location filename="../kiosk/print_page.py" line="-85"/>
        <source>Print your papers again</source>
        <translation>补打材料</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Copies are marked 补打 (duplicate).</source>
        <translation>补打件上印有“补打”字样。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No papers of yours can be printed here.</source>
        <translation>没有可在此补打的材料。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Case {n} · issued {d}</source>
        <translation>办件 {n} · {d} 出具</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+24"/>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../review/queue_page.py" line="+137"/>
        <source>Case number</source>
        <extracomment>Column keys, in display order. Which header sorts by what (the others do not sort). Shown only while no case is open beside the queue (the narrow queue keeps what decides). The model&apos;s role carrying a row&apos;s task id.</extracomment>
        <translation>办件编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Matter</source>
        <translation>事项</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time left</source>
        <translation>剩余时限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Claim</source>
        <translation>签收</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Promised by</source>
        <translation>承诺办结</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Received</source>
        <translation>收件时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Round</source>
        <translation>轮次</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>{user} is working on this task</source>
        <translation>{user}正在办理该任务</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The claim lapses at {time}.</source>
        <translation>签收将于{time}失效。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Yours until {time}; then it goes back to the queue.</source>
        <translation>由您办理至{time}，之后退回待签收队列。</translation>
    </message>
</context>
<context>
    <name>QueueView</name>
    <message>
        <location line="+99"/>
        <source>All matters</source>
        <extracomment>The query changed (filter, matter, search, sort, page): load this page. Claim the most urgent open task (F2 / Ctrl+N, anywhere in the window). Claim (or open, when it is mine) the chosen task (Enter, double click). Give the chosen task back (asks for the reason). A supervisor hands the chosen task to someone else (asks whom and why).</extracomment>
        <translation>全部事项</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Case number or ID number, then Enter</source>
        <translation>办件编号或证件号码，回车查询</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>‹ Previous</source>
        <translation>‹ 上一页</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next ›</source>
        <translation>下一页 ›</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Claim next (F2)</source>
        <translation>签收下一件 (F2)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Take the most urgent task nobody holds (F2 or Ctrl+N)</source>
        <translation>签收无人办理的最紧急任务（F2 或 Ctrl+N）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Claim / open (Enter)</source>
        <translation>签收/打开 (Enter)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Give back…</source>
        <translation>退回待签…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Return the chosen task to the queue, with a reason</source>
        <translation>将选中的任务退回待签收队列（须填写理由）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reassign…</source>
        <translation>改派…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Hand the chosen task to another approver, with a reason (supervisors)</source>
        <translation>将选中的任务改派给其他审批人（须填写理由；限大厅主管）</translation>
    </message>
    <message>
        <location line="+145"/>
        <source>No tasks</source>
        <translation>没有任务</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{first}–{last} of {total}</source>
        <translation>第{first}–{last}件，共{total}件</translation>
    </message>
</context>
<context>
    <name>RatePage</name>
    <message>
        <location filename="../kiosk/case_pages.py" line="+12"/>
        <source>Rate our service</source>
        <translation>服务评价</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>How did we do?</source>
        <translation>请您对我们的服务作出评价：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Nothing to rate now. Thank you!</source>
        <translation>目前没有需要评价的办件，谢谢！</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Thank you for your rating.</source>
        <translation>感谢您的评价。</translation>
    </message>
</context>
<context>
    <name>ReaderPanel</name>
    <message>
        <location filename="../panels/reader_panel.py" line="+22"/>
        <source>Card reader</source>
        <translation>读卡器</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Tap the next demo card</source>
        <translation>放置下一张演示卡</translation>
    </message>
    <message>
        <location line="+44"/>
        <source> · demo card (synthetic)</source>
        <translation> · 演示卡（合成数据）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last card: {name}, {number}</source>
        <translation>最近读卡：{name}，{number}</translation>
    </message>
</context>
<context>
    <name>ReaderStatusWidget</name>
    <message>
        <location filename="../reader/status_widget.py" line="+71"/>
        <source>DEMO</source>
        <translation>演示 DEMO</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Demo reader: its cards are synthetic, not real people&apos;s.</source>
        <translation>演示读卡器：证件均为合成数据，非真实个人信息。</translation>
    </message>
</context>
<context>
    <name>ReaderTexts</name>
    <message>
        <location filename="../reader/texts.py" line="+25"/>
        <source>Invalid card: {reason}</source>
        <translation>无效证件：{reason}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The card was removed before the read finished; place it again</source>
        <translation>读卡未完成证件已移开，请重新放置</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No card reader connected</source>
        <translation>未连接读卡器</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Place the ID card on the reader</source>
        <translation>请放置身份证</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Card detected…</source>
        <translation>检测到证件…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reading the card…</source>
        <translation>正在读卡…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Card read</source>
        <translation>读卡完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Card removed</source>
        <translation>证件已移开</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The card reader was disconnected</source>
        <translation>读卡器已断开</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The card-reading service is not running; please contact technical support</source>
        <translation>读卡服务未运行，请联系技术支持</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Card reader not started</source>
        <translation>读卡器未启动</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Card reader status unknown</source>
        <translation>读卡器状态未知</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the card&apos;s data is incomplete</source>
        <translation>证件数据不完整</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the card&apos;s data has the wrong length</source>
        <translation>证件数据长度异常</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>unknown kind of card</source>
        <translation>未知证件类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the card&apos;s data cannot be decoded</source>
        <translation>证件数据无法解码</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>an entry on the card is invalid</source>
        <translation>证件信息项有误</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>a date on the card is invalid</source>
        <translation>证件日期有误</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the identity number on the card is invalid</source>
        <translation>证件号码无效</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no card on the reader</source>
        <translation>读卡器上没有证件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the card was removed too early</source>
        <translation>证件移开过早</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>not an identity card this reader knows</source>
        <translation>读卡器无法识别的证件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the card could not be read</source>
        <translation>读卡失败</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the card failed the security check</source>
        <translation>证件安全认证失败</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the reader did not answer in time</source>
        <translation>读卡器响应超时</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no card reader found</source>
        <translation>未找到读卡器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the card reader was disconnected</source>
        <translation>读卡器已断开</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the card reader is busy</source>
        <translation>读卡器忙</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the card reader reports a fault</source>
        <translation>读卡器故障</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the reader&apos;s answer was not understood</source>
        <translation>读卡器应答异常</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>transmission error (checksum)</source>
        <translation>数据传输错误（校验和）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>transmission error (length)</source>
        <translation>数据传输错误（长度）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the card-reading service is not running</source>
        <translation>读卡服务未运行</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the reader&apos;s settings are invalid</source>
        <translation>读卡器配置有误</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the photo cannot be shown</source>
        <translation>照片无法显示</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>unknown reason</source>
        <translation>原因不明</translation>
    </message>
</context>
<context>
    <name>ReceptionPage</name>
    <message>
        <location filename="../clerk/reception.py" line="+164"/>
        <source>Reception: tickets and bookings</source>
        <translation>导服台：取号与预约签到</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>1–9 service · P priority · 0 ordinary · Enter take and print · F3 check a booking in · Esc next citizen</source>
        <translation>1–9 选业务 · P 优先类别 · 0 普通号 · 回车 取号并打印 · F3 预约签到 · Esc 下一位</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Tie the ticket to the card</source>
        <translation>号票关联身份证</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Priority</source>
        <translation>优先</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ordinary ticket</source>
        <translation>普通号</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Take and print (Enter)</source>
        <translation>取号并打印（回车）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Booking code</source>
        <translation>预约号</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>e.g. A12070930-1</source>
        <translation>如 A12070930-1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Check in (F3)</source>
        <translation>预约签到（F3）</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>No card read: the ticket names nobody.</source>
        <translation>未读卡：号票不关联身份证。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Card: {name} {number}</source>
        <translation>身份证：{name} {number}</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>{key}{name} ({code}) — {n} waiting</source>
        <translation>{key}{name}（{code}）— 等候 {n} 人</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Type the booking&apos;s code, or read the card it was made with.</source>
        <translation>请输入预约号，或读取预约时使用的身份证。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Taking the ticket…</source>
        <translation>正在取号…</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>{name}: {n} waiting before it</source>
        <translation>{name}：前面还有 {n} 人</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Booking checked in: called from its slot on</source>
        <translation>预约已签到：到预约时段优先叫号</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Priority ticket</source>
        <translation>优先号</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Ticket taken; this desk has no printer.</source>
        <translation>已取号；本机没有打印机。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Printing the ticket…</source>
        <translation>正在打印号票…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Ticket printed.</source>
        <translation>号票已打印。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The ticket did not print; it waits in the print queue for a retry.</source>
        <translation>号票未能打印，已留在打印队列中等待重试。</translation>
    </message>
</context>
<context>
    <name>RegistryCountsPanel</name>
    <message>
        <location filename="../panels/counts_panel.py" line="+31"/>
        <source>Registry records</source>
        <translation>登记库记录</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Records</source>
        <translation>登记项</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Count</source>
        <translation>数量</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>An estimate: the table is large, and counting it exactly would slow every start.</source>
        <translation>估计值：该表很大，每次启动都精确计数会拖慢启动。</translation>
    </message>
</context>
<context>
    <name>RegistryTables</name>
    <message>
        <location filename="../texts.py" line="+34"/>
        <source>Persons</source>
        <extracomment>Progress phases reported by the composition root&apos;s status provider. Tables shown in the counts panel, in display order (``COUNTED_TABLES`` in persistence).</extracomment>
        <translation>实有人口</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dwellings</source>
        <translation>实有房屋</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Buildings</source>
        <translation>建筑物</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Standard addresses</source>
        <translation>标准地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Units (employers)</source>
        <translation>实有单位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dwelling relations</source>
        <translation>房屋关联人员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Employments</source>
        <translation>从业关系</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificates</source>
        <translation>已发证照</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Audit events</source>
        <translation>审计事件</translation>
    </message>
</context>
<context>
    <name>ReviewErrors</name>
    <message>
        <location filename="../errors.py" line="-17"/>
        <source>The database cannot be reached: nothing was recorded. Try again when the connection is back.</source>
        <translation>无法连接数据库，未记录任何操作。请在连接恢复后重试。</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>{user} has just claimed this task; choose another one.</source>
        <translation>{user}刚刚签收了该任务，请选择其他任务。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Someone has just claimed this task; choose another one.</source>
        <translation>该任务刚被他人签收，请选择其他任务。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This task is no longer yours (your claim expired or it was reassigned); claim it again to decide.</source>
        <translation>该任务已不在您名下（签收已过期或已改派），请重新签收后再审批。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Your claim on this task has expired; claim it again to decide (nothing was changed).</source>
        <translation>您对该任务的签收已过期，请重新签收后再作决定（未作任何更改）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This task is no longer in the queue (the case changed meanwhile).</source>
        <translation>该任务已不在队列中（办件已发生变化）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This task has already been decided; nothing was changed.</source>
        <translation>该任务已审批完毕，未做任何更改。</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+9"/>
        <source>An opinion (a reason) is required for this decision.</source>
        <translation>该审批结论须填写意见（理由）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The case was changed by someone else meanwhile; it has been reloaded.</source>
        <translation>办件已被他人修改，已重新加载。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The case is no longer in review; this decision cannot be taken now.</source>
        <translation>办件已不在审查中，现在不能作出该决定。</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../review/review_page.py" line="+116"/>
        <source>No task open.

F2: claim the most urgent task nobody holds.
Enter: claim the task chosen in the queue.</source>
        <extracomment>Seconds between two refreshes when no live change arrives (the fallback poll). Live changes arriving within this many milliseconds are one refresh. A queue page is on screen (after each load). A task&apos;s evidence is on screen. A decision was recorded. An error was shown (its translated text). &quot;Claim next&quot; answered: the claimed row, or None when nothing was open. The task on screen (claimed by me, or looked at). Bumped for every queue query: an older page is dropped. Bumped whenever the task on screen changes: answers about the previous one are dropped. Answers dropped by the guards (for the log and the tests).</extracomment>
        <translation>当前没有打开的任务。

F2：签收无人办理的最紧急任务。
Enter：签收队列中选中的任务。</translation>
    </message>
    <message>
        <location line="+137"/>
        <source>{user} holds this task now.</source>
        <translation>该任务现由{user}办理。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Claiming the most urgent task…</source>
        <translation>正在签收最紧急的任务…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Nothing is waiting: every task is claimed.</source>
        <translation>没有待签收的任务。</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+35"/>
        <source>Claimed {number}.</source>
        <translation>已签收{number}。</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>{user} is working on {number}.</source>
        <translation>{user}正在办理{number}。</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Opening {number}…</source>
        <translation>正在打开{number}…</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Give the task back</source>
        <translation>退回待签</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why do you give {number} back? (recorded)</source>
        <translation>退回{number}的理由（将记录在案）：</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>{number} is back in the queue.</source>
        <translation>{number}已退回待签收队列。</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+7"/>
        <source>Reassign the task</source>
        <translation>改派任务</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Hand {number} to which approver (user name)?</source>
        <translation>将{number}改派给哪位审批人（用户名）？</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Why? (recorded)</source>
        <translation>理由（将记录在案）：</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{number} is now with {user}.</source>
        <translation>{number}已改派给{user}。</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>The clock is paused.</source>
        <translation>已暂停计时。</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The clock runs.</source>
        <translation>已恢复计时。</translation>
    </message>
</context>
<context>
    <name>ReviewTexts</name>
    <message>
        <location filename="../review/texts.py" line="+58"/>
        <source>All</source>
        <extracomment>Row colours (background, text) per clock level; contrast ratio ≥ 4.5:1 for the text. The text of a row a colleague holds (greyed out: not yours to take).</extracomment>
        <translation>全部</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+66"/>
        <source>Unclaimed</source>
        <translation>待签收</translation>
    </message>
    <message>
        <location line="-65"/>
        <source>Mine</source>
        <translation>我签收的</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Claimed by others</source>
        <translation>他人签收</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+33"/>
        <source>Due today</source>
        <translation>今日到期</translation>
    </message>
    <message>
        <location line="-32"/>
        <source>Yellow</source>
        <translation>黄灯</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Red</source>
        <translation>红灯</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overdue</source>
        <translation>已超期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Returned rounds</source>
        <translation>补正后重审</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Overdue by 1 day</source>
        <translation>已超期1天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overdue by {days} days</source>
        <translation>已超期{days}天</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>0 days left</source>
        <translation>剩余0天</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>1 day left</source>
        <translation>剩余1天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{days} days left</source>
        <translation>剩余{days}天</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No time limit</source>
        <translation>无办理时限</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Paused · {clock}</source>
        <translation>计时暂停 · {clock}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{clock} · yellow</source>
        <translation>{clock} · 黄灯</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{clock} · red</source>
        <translation>{clock} · 红灯</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Claimed by me</source>
        <translation>我已签收</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Held by {user}</source>
        <translation>{user}办理中</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Approved</source>
        <translation>已同意</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rejected</source>
        <translation>不予许可</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Returned for correction</source>
        <translation>退回补正</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelled</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Approve</source>
        <translation>同意</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reject</source>
        <translation>不予许可</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Return for correction</source>
        <translation>退回补正</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Extension</source>
        <translation>延期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hearing</source>
        <translation>听证</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On-site inspection</source>
        <translation>现场核查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expert review</source>
        <translation>专家评审</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Applicant corrects materials</source>
        <translation>申请人补正材料</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Other special procedure</source>
        <translation>其他特别程序</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Acceptance notice</source>
        <translation>受理通知书</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Supplement notice</source>
        <translation>补正材料通知书</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refusal notice</source>
        <translation>不予受理通知书</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Materials-owed (容缺) notice</source>
        <translation>容缺受理通知书</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Approval decision notice</source>
        <translation>准予许可决定书</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rejection decision notice</source>
        <translation>不予许可决定书</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../desktop/app.py" line="+580"/>
        <source>OneWindow cannot start: the configuration file cannot be used.</source>
        <extracomment>Milliseconds between the status appearing and the screenshot (lets the screen repaint).</extracomment>
        <translation>一窗通无法启动：配置文件无法使用。</translation>
    </message>
</context>
<context>
    <name>StartupErrors</name>
    <message>
        <location filename="../errors.py" line="+9"/>
        <source>The configured database address is not valid.</source>
        <translation>所配置的数据库地址无效。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The configured database type is not supported.</source>
        <translation>不支持所配置的数据库类型。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The database cannot be reached.</source>
        <translation>无法连接数据库。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The database server refused the password.</source>
        <translation>数据库服务器拒绝了密码。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No password is stored for the database.</source>
        <translation>尚未保存该数据库的密码。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The system keyring is not available to read the database password.</source>
        <translation>系统密钥环不可用，无法读取数据库密码。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The database was created by a newer version of OneWindow.</source>
        <translation>该数据库由更新版本的一窗通创建。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The database schema is not one this version of OneWindow knows.</source>
        <translation>本版本一窗通无法识别该数据库的结构。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The database has not been initialised yet.</source>
        <translation>数据库尚未初始化。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The database file is not a OneWindow database or is damaged.</source>
        <translation>数据库文件不是一窗通的数据库，或已损坏。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The database refused the request.</source>
        <translation>数据库拒绝了该请求。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The synthetic demo registry could not be created.</source>
        <translation>无法创建合成演示人口库。</translation>
    </message>
    <message>
        <location line="-167"/>
        <source>OneWindow could not open the registry.</source>
        <translation>一窗通无法打开登记库。</translation>
    </message>
</context>
<context>
    <name>StartupPanel</name>
    <message>
        <location filename="../panels/startup_panel.py" line="+22"/>
        <source>Preparing the registry…</source>
        <extracomment>Width of the centred column that holds the text and the progress bar.</extracomment>
        <translation>正在准备登记库…</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Connecting to the database…</source>
        <translation>正在连接数据库…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{step}: {done} of {total}</source>
        <translation>{step}：{done} / {total}</translation>
    </message>
</context>
<context>
    <name>StartupPhases</name>
    <message>
        <location filename="../texts.py" line="+8"/>
        <source>Opening the database and bringing its schema up to date…</source>
        <translation>正在打开数据库并升级数据结构…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Counting the registry&apos;s records…</source>
        <translation>正在统计登记库记录…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>First start: creating the synthetic demo registry…</source>
        <translation>首次启动：正在生成合成演示人口库…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Removing the incomplete demo data</source>
        <extracomment>Other names a seeding step may go by, mapped to the table it fills.</extracomment>
        <translation>清除未完成的演示数据</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Finishing</source>
        <translation>收尾</translation>
    </message>
</context>
<context>
    <name>SupervisorPages</name>
    <message>
        <location filename="../supervisor/pages.py" line="+70"/>
        <source>Dashboard</source>
        <extracomment>The station&apos;s services (``ui.stations.supervisor.SupervisorServices``). Where exports are offered first. Seconds between two refreshes when no live change arrives. The page&apos;s name in the side list (translated when called).</extracomment>
        <translation>看板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deadlines</source>
        <translation>期限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rating follow-ups</source>
        <translation>好差评跟进</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
</context>
<context>
    <name>TicketPage</name>
    <message>
        <location filename="../kiosk/ticket_page.py" line="+24"/>
        <source>Take a ticket</source>
        <translation>取号</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Tickets are not given at this kiosk. Please ask at: {place}</source>
        <translation>本终端不提供取号，请到：{place}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Choose the service:</source>
        <translation>请选择业务：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>I have a booking</source>
        <translation>我有预约</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{name} — {n} waiting</source>
        <translation>{name}（等候 {n} 人）</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+8"/>
        <source>One moment…</source>
        <translation>请稍候…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Your booking is checked in. Your number is {n}, called from {t} on. Printing your ticket…</source>
        <translation>预约签到成功。您的号码是 {n}，{t} 起叫号。正在打印号票…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Your number is {n}. {k} people are before you. Printing your ticket…</source>
        <translation>您的号码是 {n}，前面还有 {k} 人。正在打印号票…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Your number is {n}. The ticket could not be printed: {why}</source>
        <translation>您的号码是 {n}。号票未能打印：{why}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Your number is {n}. Take your ticket.</source>
        <translation>您的号码是 {n}，请取走号票。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Your number is {n}, called from {t} on. The ticket could not be printed: {why}</source>
        <translation>您的号码是 {n}，{t} 起叫号。号票未能打印：{why}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Your number is {n}, called from {t} on. Take your ticket.</source>
        <translation>您的号码是 {n}，{t} 起叫号。请取走号票。</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../kiosk/welcome.py" line="+65"/>
        <source>Place your ID card on the reader</source>
        <translation>请放置身份证</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>See your cases, print your papers again, declare your residence, take a ticket or rate our service. Nothing is typed: your card is enough.</source>
        <translation>查询办件、补打材料、居住申报、取号、服务评价——无需输入，刷身份证即可。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Your session has ended. Nothing of yours is kept on this screen.</source>
        <translation>您已退出，本屏幕不保留您的任何信息。</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <location filename="../clerk/calling_strip.py" line="+7"/>
        <source>Transfer the ticket</source>
        <translation>转移号票</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To which queue (letter) or window (number)?</source>
        <translation>转到哪个队列（字母）或窗口（数字）？</translation>
    </message>
</context>
</TS>

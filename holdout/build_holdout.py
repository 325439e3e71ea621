#!/usr/bin/env python3
# ruff: noqa: E501, UP032, PLR0912, PLR0915, C901, T201, PLC0415, PTH100, PTH118, PTH120, PTH123
# (a data script: long literal prompts and str.format templates are intentional)
"""Build the blind hold-out set for the modelrouter task-type detector.

Stdlib only and fully deterministic: running it twice produces byte-identical
output.  It writes, next to this file:

  detector-holdout.jsonl   300 labelled prompts (50 per label)
  README.md                provenance, rules of use, counts per label/language

Short prompts are literal data below.  long_context prompts are assembled from
document generators (contracts, transcripts, papers, minutes, handbooks, ...)
whose paragraphs are varied by a seeded PRNG, so every long prompt differs.

THIS SET MUST NEVER BE USED TO TUNE THE DETECTOR (see README.md).
"""
import hashlib
import json
import os
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_JSONL = os.path.join(HERE, "detector-holdout.jsonl")
OUT_README = os.path.join(HERE, "README.md")

LABELS = ["code", "long_context", "reasoning", "simple", "creative", "data_analysis"]
PER_LABEL = 50
LONG_MIN, LONG_MAX = 6000, 40000

_MASK = (1 << 64) - 1


class Rng:
    """splitmix64 - tiny PRNG so the output never depends on the Python version."""

    def __init__(self, seed):
        if isinstance(seed, str):
            seed = int.from_bytes(hashlib.sha256(seed.encode("utf-8")).digest()[:8], "big")
        self.s = seed & _MASK

    def _next(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & _MASK
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        return z ^ (z >> 31)

    def randrange(self, a, b=None):
        if b is None:
            a, b = 0, a
        return a + self._next() % (b - a)

    def randint(self, a, b):
        return self.randrange(a, b + 1)

    def random(self):
        return (self._next() >> 11) / float(1 << 53)

    def uniform(self, a, b):
        return a + (b - a) * self.random()

    def choice(self, seq):
        return seq[self.randrange(len(seq))]

    def shuffle(self, lst):
        for i in range(len(lst) - 1, 0, -1):
            j = self.randrange(i + 1)
            lst[i], lst[j] = lst[j], lst[i]

    def sample(self, seq, k):
        pool = list(seq)
        self.shuffle(pool)
        return pool[:k]


ITEMS = []


def S(label, lang, prompt):
    """A single-turn short item."""
    ITEMS.append({"label": label, "lang": lang, "prompt": prompt.strip("\n")})


def M(label, lang, turns):
    """A multi-turn item; the last user turn is also the prompt."""
    msgs = [{"role": r, "content": c.strip("\n")} for r, c in turns]
    assert msgs[-1]["role"] == "user"
    ITEMS.append({"label": label, "lang": lang, "prompt": msgs[-1]["content"], "messages": msgs})


# ---------------------------------------------------------------------------
# code (50): en 20, zh 10, others 20
# ---------------------------------------------------------------------------
S("code", "en", """
why does this throw TypeError: 'NoneType' object is not subscriptable

```python
def get_user(users, uid):
    for u in users:
        if u['id'] == uid:
            return u

name = get_user(users, 42)['name']
```
""")
S("code", "en", "write a bash one-liner that finds all .log files older than 14 days under /var/log/myapp and gzips them")
S("code", "en", """
Can you review this React component? It re-renders like crazy and I can't tell why.

```jsx
function Prices({ symbols }) {
  const [data, setData] = useState({});
  const opts = { refresh: 5000 };
  useEffect(() => {
    const id = setInterval(() => fetchPrices(symbols).then(setData), opts.refresh);
    return () => clearInterval(id);
  }, [symbols, opts]);
  return <Table rows={Object.entries(data)} />;
}
```
""")
S("code", "en", "I have tables orders(id, customer_id, created_at, total) and customers(id, name, country). need a postgres query: top 5 customers by total spend in 2024 per country. ties dont matter")
S("code", "en", "regex to match UK postcodes like SW1A 1AA, M1 1AE, B33 8TH. doesn't have to be perfect, just good enough for a signup form")
S("code", "en", """
cargo build fails with

error[E0502]: cannot borrow `self.items` as mutable because it is also borrowed as immutable
  --> src/cart.rs:41:13
   |
39 |         for item in self.items.iter() {
   |                     ----------------- immutable borrow occurs here
40 |             if item.qty == 0 {
41 |                 self.items.retain(|i| i.qty > 0);
   |                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ mutable borrow occurs here

how do i fix this without cloning everything
""")
S("code", "en", "explain what `git rebase -i HEAD~5` actually does like I'm a junior dev, and when should i use squash vs fixup")
S("code", "en", """
Refactor this to be less nested pls

```js
function handle(req) {
  if (req) {
    if (req.user) {
      if (req.user.isAdmin) {
        return doAdmin(req);
      } else {
        if (req.user.plan === 'pro') { return doPro(req); }
        else { return doFree(req); }
      }
    } else { throw new Error('no user'); }
  } else { throw new Error('no req'); }
}
```
""")
S("code", "en", "my k8s pod keeps going CrashLoopBackOff, kubectl logs shows `Error: listen EADDRINUSE: address already in use :::8080`. the deployment has 2 containers in the same pod, both are node apps. what's going on and how do i fix the manifest?")
S("code", "en", "Write a Python function that validates an IBAN (the mod 97 checksum). Include a few pytest tests, one valid German IBAN and a couple of broken ones.")
S("code", "en", """
How can I make this Dockerfile smaller? the image is 1.4GB lol

FROM python:3.11
WORKDIR /app
COPY . .
RUN pip install -r requirements.txt
RUN apt-get update && apt-get install -y build-essential libpq-dev
CMD ["gunicorn", "app:app"]
""")
S("code", "en", "what's the difference between `==` and `is` in python? give me an example where using `is` bites you")
S("code", "en", "Hey! total beginner here. How do I make a button in HTML that changes the background color of the page to a random color when you click it?")
S("code", "en", """
getting this when I hit /api/orders/export in prod but NOT locally. any idea what's going on? been staring at it for an hour

```
Traceback (most recent call last):
  File "/app/.venv/lib/python3.11/site-packages/flask/app.py", line 1463, in wsgi_app
    response = self.full_dispatch_request()
  File "/app/.venv/lib/python3.11/site-packages/flask/app.py", line 872, in full_dispatch_request
    rv = self.handle_user_exception(e)
  File "/app/.venv/lib/python3.11/site-packages/flask/app.py", line 870, in full_dispatch_request
    rv = self.dispatch_request()
  File "/app/orders/export.py", line 52, in export_orders
    writer.writerow(row_to_csv(o))
  File "/app/orders/export.py", line 27, in row_to_csv
    o.created_at.astimezone(TZ).strftime("%Y-%m-%d %H:%M"),
TypeError: can't compare offset-naive and offset-aware datetimes
```

export.py:

```python
import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, request

from .models import Order

bp = Blueprint("export", __name__)
TZ = ZoneInfo("Europe/Berlin")


def row_to_csv(o):
    return [
        o.id,
        o.customer.email,
        o.created_at.astimezone(TZ).strftime("%Y-%m-%d %H:%M"),
        f"{o.total:.2f}",
        o.status,
    ]


@bp.get("/api/orders/export")
def export_orders():
    days = int(request.args.get("days", 30))
    since = datetime.now(TZ) - timedelta(days=days)
    orders = (
        Order.query.filter(Order.created_at >= since)
        .order_by(Order.created_at)
        .all()
    )
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["id", "email", "created", "total", "status"])
    for o in orders:
        if o.created_at < since:
            continue
        writer.writerow(row_to_csv(o))
    return Response(buf.getvalue(), mimetype="text/csv")
```

locally it's sqlite, prod is postgres. the model has `created_at = db.Column(db.DateTime, default=datetime.utcnow)`. I'd rather fix it properly than just slap .replace(tzinfo=...) everywhere
""")
S("code", "en", """
TypeScript keeps saying `Property 'email' does not exist on type 'never'` on this line:

if (res.kind === 'ok') console.log(res.data.email)

res is typed as Result<User> where
type Result<T> = { kind: 'ok'; data: T } | { kind: 'err'; error: string }
and I narrowed `res` earlier with `if (res.kind !== 'ok') return;`... what am I doing wrong
""")
S("code", "en", "I'm building a small FHIR client in Python for our clinic's EHR. How do I page through a Bundle search response using the 'next' link until there are no more pages? requests is fine, and I need to pass a bearer token.")
S("code", "en", "Unity C#: my player falls through the floor when moving fast. It has a Rigidbody + capsule collider and I move it with transform.position += dir * speed * Time.deltaTime in Update(). how do I fix it properly?")
S("code", "en", """
I've got a CSV export like this (about 2 million rows):

date,store_id,sku,units,revenue
2024-01-03,S12,A-1001,4,59.96
2024-01-03,S07,B-2210,1,129.00
...

Can you write me a pandas script that reads it in chunks and outputs monthly revenue per store to a new CSV? My laptop runs out of memory with read_csv.
""")
S("code", "en", "awk command to sum the 3rd column of a semicolon separated file but only for rows where column 1 is EUR? header on line 1")
M("code", "en", [
    ("user", "I'm getting CORS errors calling my Flask API from my Vue app running on localhost:5173"),
    ("assistant", "That happens because the browser blocks cross-origin requests unless the server sends the right headers. The simplest fix is the flask-cors extension: `pip install flask-cors`, then `from flask_cors import CORS` and `CORS(app, origins=[\"http://localhost:5173\"])`. If you send cookies or an Authorization header, also pass `supports_credentials=True`."),
    ("user", "ok i added CORS(app) but the preflight OPTIONS request still fails with 401 because my @require_auth decorator runs first. how do I skip auth for OPTIONS without disabling it everywhere?"),
])

S("code", "zh", "帮我写一个Python脚本，把一个文件夹里所有的.heic照片批量转成jpg，尽量保留原来的拍摄时间（EXIF）")
S("code", "zh", """
这段SQL为什么这么慢？orders表有2000万行

SELECT * FROM orders WHERE DATE(created_at) = '2024-05-01' AND status = 'paid';

我已经给created_at建了索引了，explain显示还是全表扫描
""")
S("code", "zh", "java报错 java.util.ConcurrentModificationException，我在for-each循环里面remove了list里的元素，怎么改比较优雅？")
S("code", "zh", "用正则匹配中国大陆手机号：1开头，第二位3-9，一共11位，前后不能紧挨着其他数字。给一个JS版本的")
S("code", "zh", "nginx配置反向代理到本地3000端口，同时要支持websocket（路径是/ws），再加上https，帮我写一下完整的server块")
S("code", "zh", "能不能解释一下JavaScript里的闭包？最好配一个实际项目里会用到的例子，别太学术")
S("code", "zh", """
vue3 的 watch 和 watchEffect 有什么区别？我这段代码里 watch 完全不触发：

const form = reactive({ name: '', age: 0 })
watch(form.name, (v) => console.log(v))
""")
S("code", "zh", "git 不小心把 .env 文件提交并且 push 到远程了，里面有数据库密码。怎么从历史记录里彻底删掉？仓库在公司的 gitlab 上，其他同事也拉过代码")
S("code", "zh", """
帮我review一下这个Go函数，有没有并发问题？线上偶尔会 panic：fatal error: concurrent map writes

var cache = map[string]string{}

func Get(key string) string {
    if v, ok := cache[key]; ok {
        return v
    }
    v := loadFromDB(key)
    cache[key] = v
    return v
}
""")
M("code", "zh", [
    ("user", "我用pandas读文件，中文列名全是乱码"),
    ("assistant", "一般是编码问题。请问你读的是 xlsx 还是 csv？文件是从哪里导出的？方便的话贴一下你读取的那行代码和报错信息。"),
    ("user", "是csv，从公司ERP导出的，用 pd.read_csv('data.csv') 读的。我加了 encoding='utf-8' 之后直接报 UnicodeDecodeError: 'utf-8' codec can't decode byte 0xb5 in position 0，encoding 到底要写什么？"),
])

S("code", "es", "¿Cómo hago en JavaScript para que un fetch se cancele solo si tarda más de 5 segundos? Estoy con Node 18")
S("code", "es", """
tengo este error en django al guardar un formulario:

django.db.utils.IntegrityError: NOT NULL constraint failed: tienda_pedido.cliente_id

el modelo Pedido tiene cliente = models.ForeignKey(Cliente, on_delete=models.CASCADE) y en la vista solo hago form.save(). el form no tiene el campo cliente porque lo saco del usuario logueado. que me falta??
""")
S("code", "fr", "Tu peux m'écrire un script PowerShell qui liste tous les utilisateurs AD dont le mot de passe expire dans les 7 prochains jours et qui leur envoie un mail de rappel ?")
S("code", "fr", "Je comprends pas pourquoi mon useEffect s'exécute deux fois en dev avec React 18, c'est un bug ? Et comment éviter que mon appel API parte deux fois ?")
S("code", "de", "Kannst du mir erklären, was `set -euo pipefail` in einem Bash-Skript genau macht? Mein Skript bricht seitdem bei `grep` ab, wenn nichts gefunden wird, und ich verstehe nicht warum.")
S("code", "de", "Schreib mir bitte eine SQL-Abfrage (MySQL 8), die für jeden Monat in 2023 den Umsatz und die Veränderung zum Vormonat in Prozent ausgibt. Tabelle: rechnungen(id, datum, betrag).")
S("code", "ja", "Pythonで、CSVじゃなくて固定長のテキストファイル（1行120バイト、Shift_JIS）を読み込んで、列ごとに分割したいです。項目定義は 社員番号8桁、氏名40バイト、部署コード4桁… みたいな感じです。どう書けばいいですか？")
S("code", "ja", """
このエラーの意味を教えてください。
ModuleNotFoundError: No module named 'cv2'
pip install opencv-python は実行済みで、ターミナルから実行すると動くのに、VSCodeのデバッグ実行だと出ます。
""")
S("code", "ko", "파이썬에서 딕셔너리들이 들어있는 리스트를 'score' 키 기준으로 내림차순 정렬하고 싶은데, score 키가 없는 항목은 맨 뒤로 보내려면 어떻게 해야 하나요?")
S("code", "ko", "스프링 부트에서 @Transactional 붙였는데 예외가 나도 롤백이 안 돼요. 같은 서비스 클래스 안에서 다른 메서드를 this로 호출하고 있어요. 왜 그런 거고 어떻게 고쳐야 하나요?")
S("code", "ru", "Напиши на Python декоратор, который повторяет вызов функции до 3 раз при исключении requests.exceptions.Timeout, с экспоненциальной задержкой между попытками и логированием")
M("code", "ru", [
    ("user", "настраиваю docker-compose для проекта на django + postgres, можешь помочь?"),
    ("assistant", "Конечно! Расскажите, что уже есть: сам docker-compose.yml, Dockerfile для Django и в чём конкретно проблема — сборка, запуск или подключение к базе?"),
    ("user", "почему docker-compose не видит переменные из .env? в compose файле пишу ${DB_PASSWORD}, а в контейнере переменная пустая. .env лежит в папке config/ рядом с settings.py"),
])
S("code", "pt", "Como faço um trigger no PostgreSQL que atualiza a coluna updated_at automaticamente sempre que a linha for alterada?")
S("code", "it", "Mi spieghi la differenza tra `let`, `const` e `var` in JavaScript? Il prof ce l'ha spiegato ma non ho capito bene la storia dell'hoisting")
S("code", "tr", "Flutter'da ListView içinde TextField kullanınca klavye açıldığında 'A RenderFlex overflowed by 230 pixels on the bottom' hatası alıyorum, nasıl düzeltirim?")
S("code", "id", "gan, gimana cara bikin cron job di linux yang jalan tiap hari jam 2 pagi buat backup database mysql terus otomatis hapus file backup yang umurnya lebih dari 7 hari?")
S("code", "nl", """
Kun je deze Python-functie sneller maken? Hij duurt eeuwen op een lijst van 100k items:

def dubbelen(lijst):
    res = []
    for x in lijst:
        if lijst.count(x) > 1 and x not in res:
            res.append(x)
    return res
""")
S("code", "pl", "Jak w C# zrobić asynchroniczne pobieranie kilkudziesięciu plików naraz przez HttpClient, ale maksymalnie 4 równolegle? Najlepiej z przykładem.")
S("code", "th", "ช่วยเขียนโค้ด Python ดึงราคาทองจาก API (ตอบกลับเป็น JSON) แล้วบันทึกลง SQLite ทุกชั่วโมงหน่อยครับ ใช้ schedule หรือ cron ก็ได้")
S("code", "ar", "عندي خطأ في PHP: Undefined index: email في السطر اللي فيه $_POST['email']، مع إن الفورم فيه حقل اسمه email. ليش يطلع هذا الخطأ وكيف أصلحه؟")

# ---------------------------------------------------------------------------
# simple (50)
# ---------------------------------------------------------------------------
S("simple", "en", "hey how's it going")
S("simple", "en", "what's the capital of australia? i always think it's sydney")
S("simple", "en", "can you make this sound more polite: 'send me the report by friday or we have a problem'")
S("simple", "en", "translate 'where is the nearest pharmacy?' into japanese pls")
S("simple", "en", "What does 'amortization' mean in plain English?")
S("simple", "en", "how long do i boil an egg for a runny yolk")
S("simple", "en", "Is it 'affect' or 'effect' here: The new policy will ___ everyone on the night shift.")
S("simple", "en", "thx that helped a lot 🙏")
S("simple", "en", "whats a good way to get rid of hiccups fast")
S("simple", "en", "How many ounces in a cup?")
S("simple", "en", "quick q - do I need a visa to visit Canada for a week with a UK passport?")
S("simple", "en", "Fix the grammar: me and him goes to the gym everyday after work but we didnt went yesterday")
S("simple", "en", "what does HIPAA stand for")
S("simple", "en", "Who won the 2018 World Cup?")
S("simple", "en", "good morning! any tips to stay awake in a boring afternoon meeting lol")
S("simple", "en", "can you shorten this to one sentence: We wanted to let you know that due to unforeseen circumstances the office will be closed on Monday and all meetings will be moved to Tuesday at the same time.")
S("simple", "en", "whats an 18% tip on $86.40")
S("simple", "en", "Define 'force majeure' as used in a contract, one or two sentences please.")
S("simple", "en", "is it safe to take ibuprofen and paracetamol together?")
M("simple", "en", [
    ("user", "what's a good substitute for buttermilk"),
    ("assistant", "Mix 1 cup of milk with 1 tablespoon of lemon juice or white vinegar and let it sit for 5-10 minutes until it thickens slightly. Plain yogurt thinned with a little milk also works."),
    ("user", "can i use oat milk for that?"),
])

S("simple", "zh", "你好呀，今天心情不太好，陪我聊会儿天吧")
S("simple", "zh", "“内卷”是什么意思？")
S("simple", "zh", "把这句话翻译成英文：请您在方便的时候回复我，谢谢。")
S("simple", "zh", "珠穆朗玛峰有多高？")
S("simple", "zh", "帮我把这句话改得正式一点：老板，我明天想请个假，家里有点事。")
S("simple", "zh", "感冒了喝姜汤真的有用吗")
S("simple", "zh", "坐高铁可以带充电宝吗？多大容量的可以带")
S("simple", "zh", "谢谢你！解释得很清楚")
S("simple", "zh", "电饭煲煮米饭，米和水的比例一般是多少？")
M("simple", "zh", [
    ("user", "“画蛇添足”是什么意思"),
    ("assistant", "“画蛇添足”出自《战国策》，比喻做了多余的事，非但无益，反而不合适。"),
    ("user", "那它有哪些近义词？"),
])

S("simple", "es", "¿Cómo se dice 'deadline' en español de forma natural, en un contexto de oficina?")
M("simple", "es", [
    ("user", "hola!"),
    ("assistant", "¡Hola! ¿Qué tal? ¿En qué te puedo ayudar hoy?"),
    ("user", "nada en especial, estoy en casa aburrido jaja. qué me cuentas?"),
])
S("simple", "fr", "C'est quoi la différence entre « quand même » et « tout de même » ?")
S("simple", "de", "Wie viele Urlaubstage stehen mir in Deutschland gesetzlich mindestens zu bei einer 5-Tage-Woche?")
S("simple", "ja", "「よろしくお願いします」を英語で自然に言うと何ですか？メールの最後に書く場合です。")
S("simple", "ja", "おはよう！今日は雨だからちょっと憂うつ…")
S("simple", "ko", "오늘 저녁 메뉴 추천해줘 간단하게 만들 수 있는 걸로")
S("simple", "ru", "Как правильно пишется: «в течение недели» или «в течении недели»?")
S("simple", "pt", "Qual é a diferença entre 'mas' e 'mais'? Sempre confundo")
S("simple", "pt", "bom dia! quanto tempo demora pra cozinhar feijão na panela de pressão?")
S("simple", "it", "Traduci in inglese: 'Ci vediamo domani alle otto davanti al cinema.'")
S("simple", "it", "Chi ha scritto I Promessi Sposi?")
S("simple", "tr", "Merhaba, 'serendipity' kelimesinin Türkçe karşılığı nedir?")
S("simple", "tr", "İstanbul'dan Ankara'ya yüksek hızlı trenle yaklaşık kaç saat sürüyor?")
S("simple", "id", "Apa bedanya 'di mana' dan 'dimana'? yang benar yang mana sih")
S("simple", "nl", "Hoe lang moet ik een biefstuk van 2 cm dik bakken voor medium?")
S("simple", "pl", "Co oznacza skrót RODO?")
S("simple", "th", "สวัสดีครับ วันนี้อากาศร้อนมาก มีวิธีคลายร้อนง่ายๆ ไหมครับ")
S("simple", "ar", "ما هي عاصمة كندا؟")
S("simple", "ar", "ترجم لي هذه الجملة إلى الإنجليزية: أتمنى لك يوماً سعيداً ونجاحاً في عملك")

# ---------------------------------------------------------------------------
# creative (50)
# ---------------------------------------------------------------------------
S("creative", "en", "write a short bedtime story about a dragon who is scared of the dark, for a 5 year old. happy ending pls")
S("creative", "en", "Can you write a haiku about Monday mornings")
S("creative", "en", "I need 10 name ideas for a food truck that sells Korean-Mexican fusion tacos. Puns welcome")
S("creative", "en", "Write product description copy for a stainless steel insulated water bottle, 750ml, keeps drinks cold for 24h. Target audience: hikers. Energetic tone, around 100 words.")
S("creative", "en", "Let's role-play: you're a grumpy medieval innkeeper and I'm a traveler who just walked in soaking wet. Stay in character no matter what. I'll start: 'Evening. Got a room for the night?'")
S("creative", "en", "write lyrics for a country song about a guy whose old pickup truck is the only thing that never left him. verse chorus verse chorus bridge")
S("creative", "en", "slogan ideas for a dental clinic that's really good with nervous patients. nothing cheesy pls")
S("creative", "en", "Write a limerick about a cat who learned to use the office printer")
S("creative", "en", "Compose a heartfelt retirement poem for a nurse who worked 35 years on the pediatric ward. Her name is Dolores and the kids called her Miss Dee.")
S("creative", "en", "Give me a spooky 200-word micro horror story set in an IKEA after closing time")
S("creative", "en", "brainstorm names for my D&D character, a halfling bard who owns a tavern. something funny but not too dumb")
S("creative", "en", "write a LinkedIn post announcing that our fintech startup just closed a $3M seed round. humble but excited, no cringe hashtags")
S("creative", "en", "Write a cold email to a restaurant owner pitching our table reservation software. Short and punchy, with a subject line that actually gets opened.")
S("creative", "en", "can you write a rap verse about cramming for finals, make it funny, mention cold brew and ctrl+z")
S("creative", "en", "Write the opening paragraph of a noir detective novel set in Lagos in 2080.")
S("creative", "en", "I'm GMing a cyberpunk one-shot tonight. describe the opening scene in a rainy neon night market, second person, vivid, about 150 words")
S("creative", "en", "Pretend you're Sherlock Holmes and deduce things about me from the fact that I'm messaging you at 3am asking about pancake recipes")
S("creative", "en", "write a toast for my sister's wedding (I'm the maid of honor). she's marrying her college boyfriend Tom, include a gentle joke about her terrible parallel parking. 2 minutes max")
S("creative", "en", "names for a sourdough bakery in a small coastal town in Maine? give me like 15")
M("creative", "en", [
    ("user", "write a short poem about autumn in Kyoto"),
    ("assistant", "Maple leaves ignite\nthe quiet temple stairways;\nmonks sweep fire to ash.\nOn the Kamo's slow water\nred boats of leaves drift southward."),
    ("user", "nice but make it rhyme, a bit longer, and add something about waiting at the train station for someone"),
])

S("creative", "zh", "写一首关于毕业离别的现代诗，不要太煽情，淡淡的那种")
S("creative", "zh", "帮我的奶茶店想几句广告语，主打低糖和鲜果，目标客户是大学生")
S("creative", "zh", "写一个300字左右的悬疑小故事，结尾要有反转")
S("creative", "zh", "你现在扮演一个古代客栈的店小二，我是刚进门的客官，开始吧")
S("creative", "zh", "给我们的宠物美容店起10个名字，要可爱、好记，最好能注册商标")
S("creative", "zh", "帮我写一段小红书风格的文案，推荐成都一家老火锅店，要有emoji，语气活泼一点")
S("creative", "zh", "写一首七言绝句，主题是江南春雨")
S("creative", "zh", "写一段脱口秀段子，吐槽打工人周一早上上班")
S("creative", "zh", "为一款国风手游写一段角色背景故事，角色是一个失去记忆的女剑客，500字左右")
M("creative", "zh", [
    ("user", "给我写一首送给妈妈的生日诗"),
    ("assistant", "您的手，曾为我系紧鞋带，\n您的眼，曾为我守过长夜。\n今天的蜡烛，一根一根，\n都是我想说却没说出口的谢谢。"),
    ("user", "能不能改得更口语化一点，再加上她最爱跳广场舞这个细节，读起来轻松一些"),
])

S("creative", "es", "Escríbeme un poema de amor cortito para mi novia, le encantan los gatos y el café de la mañana")
S("creative", "es", "Necesito un eslogan para mi inmobiliaria en Valencia, algo fresco y cercano, nada de 'tu hogar ideal'")
S("creative", "fr", "Écris une petite histoire pour enfants sur un escargot qui veut absolument participer à une course de lapins")
M("creative", "fr", [
    ("user", "Joue le rôle d'un sommelier très snob et conseille-moi un vin pour accompagner des nuggets de poulet."),
    ("assistant", "*ajuste son tablier avec une lenteur douloureuse* Des… nuggets. Fort bien. Pour ce plat d'une audace rare, je vous suggère un champagne brut sans année : ses bulles sauront nettoyer votre palais de cette panure industrielle. Ne me remerciez pas."),
    ("user", "D'accord, et avec un kebab sauce samouraï alors ? J'ai un budget de 8 euros max."),
])
S("creative", "de", "Schreib mir ein lustiges Gedicht zum 50. Geburtstag meines Chefs, er liebt Golf und hasst Montage")
S("creative", "ja", "猫が主人公のほのぼのした短編小説を書いてください。800字くらいで、最後は少しだけ切ない感じにしてほしいです。")
S("creative", "ko", "우리 카페 신메뉴 '흑임자 라떼' 홍보 문구 써줘. 인스타용으로 짧고 감성적으로 3개만")
S("creative", "ko", "판타지 소설 첫 장면 써줘. 주인공은 마법을 전혀 못 쓰는 마법학교 3학년 학생이야")
S("creative", "ru", "Придумай 10 названий для ютуб-канала про путешествия на машине по России, чтобы звучало не банально")
S("creative", "pt", "Escreve uma letra de samba sobre saudade do Rio de Janeiro, com refrão fácil de cantar")
S("creative", "it", "Scrivi una breve storia ambientata a Napoli con un pizzaiolo che scopre di avere un superpotere")
S("creative", "tr", "Kuaför salonum için Instagram'da paylaşacağım kısa ve esprili bir tanıtım yazısı yazar mısın? Salonun adı 'Makas Palas'")
S("creative", "id", "buatin pantun lucu buat pembukaan acara 17 agustusan di kantor dong, 3 atau 4 bait")
S("creative", "id", "Tolong buatkan cerita pendek tentang anak desa di Flores yang ingin jadi astronot")
S("creative", "nl", "Schrijf een Sinterklaasgedicht voor mijn collega Sanne die altijd te laat op kantoor komt")
S("creative", "nl", "Bedenk een pakkende slogan voor een fietsenwinkel in Utrecht, mag een beetje grappig")
S("creative", "pl", "Napisz krótki wiersz o jesieni w Krakowie, trochę nostalgiczny")
S("creative", "th", "ช่วยแต่งกลอนสั้นๆ ให้แฟนวันวาเลนไทน์หน่อย แบบหวานๆ แต่ไม่เลี่ยน")
S("creative", "th", "คิดชื่อร้านกาแฟเก๋ๆ ริมทะเลที่หัวหินให้หน่อย ขอ 10 ชื่อ")
S("creative", "ar", "اكتب لي قصيدة قصيرة عن الغربة والحنين إلى الوطن")

# ---------------------------------------------------------------------------
# reasoning (50)
# ---------------------------------------------------------------------------
S("reasoning", "en", "A train leaves Chicago at 2:15pm going 68 mph toward St. Louis. Another leaves St. Louis (about 300 miles away) at 3:00pm heading toward Chicago at 75 mph on a parallel track. At what time do they pass each other and how far from Chicago? show the steps")
S("reasoning", "en", "Prove that the square root of 3 is irrational.")
S("reasoning", "en", "Five friends (Ana, Ben, Cal, Dee, Eli) sit in a row of five chairs. Cal is at the far left. Ana isn't at either end. Ben sits immediately to the right of Dee. Eli is not next to Cal. Who sits in the middle? Walk me through it, and tell me if there's more than one arrangement.")
S("reasoning", "en", """
I have two job offers and I keep going back and forth.

A: $118k, fully remote, Series B startup, 0.08% equity over 4 years, no 401k match, unlimited PTO
B: $104k, hybrid 3 days/wk with a 40 min commute, big bank, 6% 401k match, ~10% bonus, great parental leave

I'm 31, we're planning a kid in about 2 years, and I have $40k of student debt at 5.8%. Help me think it through carefully and then actually give me a recommendation.
""")
S("reasoning", "en", "We need to migrate 40 microservices from Heroku to AWS (EKS) within one quarter, with 3 engineers, and without customer-facing downtime. Draft a phased plan with dependencies, the main risks, and where the rollback points are. Don't write code, I need the plan.")
S("reasoning", "en", "If I invest $500/month at a 7% annual return compounded monthly, how many years until I hit $250k? Show the math, not just the answer.")
S("reasoning", "en", "There are 3 boxes: one has only apples, one only oranges, one mixed. Every label is wrong. You may take out one fruit from one box without looking inside. How do you relabel all of them correctly? explain why it always works")
S("reasoning", "en", "my kid's homework: A rectangle's length is 3 cm more than twice its width. The perimeter is 54 cm. Find the area. I want to explain it to her step by step without just giving the answer away")
S("reasoning", "en", "Is it smarter to pay off my 6.5% mortgage early or invest the extra $1,000/month in an index fund? 22 years left, $180k balance, I'm in the 24% bracket, I take the standard deduction, and I already max my 401k. Reason it out including taxes and risk.")
S("reasoning", "en", "Plan a 10-day Japan trip for 2 adults + a 6 year old in late March: Tokyo, Kyoto, and one onsen town. We hate switching hotels more than 3 times, mid-range budget, and the kid still naps 1-3pm. Figure out the best order and explain the tradeoffs.")
S("reasoning", "en", "A screening test is 98% sensitive and 95% specific. Prevalence is 1 in 500. If a random person tests positive, what's the probability they actually have the disease? Work it out and then explain intuitively why it's so low.")
S("reasoning", "en", "You're an agent with access to a browser, my Gmail and my Google Calendar. Goal: find the cheapest refundable flight from Boston to Denver for May 14-18, check my calendar for conflicts, and draft (don't send) an email to my manager asking for approval. Before doing anything, lay out the steps you'll take, what you'll verify at each step, and when you'd stop and ask me.")
S("reasoning", "en", "Prove by induction that 1 + 3 + 5 + ... + (2n-1) = n^2 for every positive integer n.")
S("reasoning", "en", """
ok I need help designing our on-call rotation, I've tried three times in a spreadsheet and keep breaking a rule.

Team: Priya, Marco, Jin, Sara, Dev, Chloe (6 people).
Coverage: 24/7, one primary + one secondary at all times.
Rules:
- a single shift is max 12h (day shift 08-20, night shift 20-08)
- nobody is on call (primary OR secondary) two weekends in a row
- Priya can't do nights at all (she has a newborn)
- Jin is on vacation the whole of week 3
- Marco and Sara are the only ones who know the payments system well, so at least one of them has to be primary or secondary at all times during weekdays 08-20
- nobody should do more than 2 night shifts per week
- after a night shift you're off for the next day shift

I need a 4-week schedule that satisfies all of this and is as fair as possible (roughly equal number of shifts, nights and weekend shifts per person, adjusting for Priya and Jin). Explain how you built it and show me that each rule holds. If some rule is impossible to satisfy with these constraints, tell me which one and why instead of fudging it.
""")
S("reasoning", "en", "Which is the better choice as the first database for a 4-person startup: Postgres or MongoDB? Our data is users, orders, inventory, plus product attributes that vary a lot by category. Weigh it carefully and commit to an answer.")
S("reasoning", "en", "How many ways can you make change for a dollar using pennies, nickels, dimes and quarters? Show your counting method so I can check it.")
S("reasoning", "en", "A child weighs 18 kg and needs amoxicillin at 45 mg/kg/day divided twice daily. The suspension is 400 mg/5 mL. How many mL per dose? Please double check the calculation step by step, this is for a pharmacology quiz.")
S("reasoning", "en", "Our lawyers estimate that if we go to trial there's a 60% chance of a $200k judgment for my client, 25% chance of $0, and 15% chance of $450k. Trial would cost an extra $80k in fees. The other side just offered $190k to settle now. Should my client take it? Walk through expected value and risk, and what else we should weigh.")
S("reasoning", "en", "In a single-elimination tournament with 37 players (byes allowed), how many matches are played in total, and what is the minimum number of rounds? Explain both.")
M("reasoning", "en", [
    ("user", "I need to get from Lyon to Milan on Saturday with my bike. options?"),
    ("assistant", "A few options: (1) the direct TGV/Frecciarossa Lyon Part-Dieu - Milano Centrale (~5h, bikes only if boxed/bagged), (2) TER to Chambéry or Modane and then an Italian regional train (slower but bikes usually allowed unboxed), (3) a FlixBus with a bike rack booked in advance, or (4) a rental car."),
    ("user", "ok the regional route gets me into Milano Porta Garibaldi at 14:10, but I need to be at a wedding in Como by 16:00 and on Trenord trains the bike needs its own ticket and there's limited space. Can I realistically make it? Work out the connection options and give me a backup plan if the bike doesn't fit on the train."),
])

S("reasoning", "zh", "鸡兔同笼，头一共35个，脚一共94只，鸡和兔各有多少只？请用列方程和不列方程（假设法）两种方法讲解")
S("reasoning", "zh", "甲乙两人从相距60公里的两地同时出发相向而行，甲每小时走5公里，乙每小时走7公里。一只狗从甲出发，以每小时15公里的速度在两人之间来回跑，直到两人相遇。狗一共跑了多少公里？请说明思路")
S("reasoning", "zh", "我在考虑要不要辞职考研。现在工作三年，在杭州，月薪1.2万，本科计算机，想考人工智能方向的全日制研究生。家里有房贷但压力不大，女朋友希望我稳定一点。请帮我系统地分析利弊，最后给一个明确建议。")
S("reasoning", "zh", "证明：任意三个连续整数的乘积一定能被6整除。")
S("reasoning", "zh", "逻辑题：A说“B在说谎”，B说“C在说谎”，C说“A和B都在说谎”。请问谁说的是真话？请一步步推理，并验证没有别的可能。")
S("reasoning", "zh", "帮我规划一个三个月的雅思备考计划。我现在听力5.5、阅读6、写作5、口语5，目标总分7（单项不低于6.5）。工作日只有晚上2小时，周末可以全天。请说明为什么这样安排。")
S("reasoning", "zh", "一个水池，单开进水管6小时注满，单开出水管8小时放完。两管同时打开，多少小时注满？如果先单开进水管2小时，再两管同时打开，还需要多少小时注满？")
S("reasoning", "zh", "公司要在上海和成都之间选一个城市新建客服中心，规模200人。请从人力成本、招聘难度、人员流失率、租金、政府补贴、与总部沟通成本等角度做对比分析，给出结论和理由。")
S("reasoning", "zh", "从1到100中随机取两个不同的整数，它们的和是偶数的概率是多少？请给出详细推导。")
M("reasoning", "zh", [
    ("user", "我想买车，预算20万左右"),
    ("assistant", "20万左右可选的范围很广，主要分燃油车、插电混动和纯电三类。您平时的用车场景是什么样的？比如每天通勤距离、能否安装家用充电桩、是否经常跑长途？"),
    ("user", "我每天通勤往返60公里，小区没法装充电桩，公司有快充但要排队，一年还要开车回老家两次，单程900公里。插混和纯电到底选哪个？帮我估算一下五年的总持有成本（购车、能源、保险、保养、残值），然后给结论。"),
])

S("reasoning", "es", "Hoy tengo: un informe que me lleva unas 3h y hay que entregarlo a las 17h, una reunión fija de 12 a 13h, y llevar a mi hija al pediatra a las 15:30 (entre ida y vuelta 1h30). Empiezo a trabajar a las 8:30. ¿Cómo organizo el día para llegar a todo con margen? Razona los pasos.")
S("reasoning", "fr", "Un magasin augmente tous ses prix de 20 %, puis fait une remise de 20 %. Le prix final est-il le même qu'au départ ? Explique avec un exemple chiffré puis une démonstration générale.")
S("reasoning", "fr", "J'hésite entre un LMNP (appartement meublé) et des SCPI pour placer 150 000 €. J'ai 45 ans, TMI à 30 %, et je veux surtout un complément de revenu à la retraite dans 20 ans, sans trop de gestion. Peux-tu comparer en détail (fiscalité, risque, liquidité, effort) et me dire ce qui te paraît le plus adapté ?")
S("reasoning", "de", "Beweise, dass es unendlich viele Primzahlen gibt – aber bitte so, dass es ein Neuntklässler versteht.")
S("reasoning", "de", "Wir sind 4 Leute in einer WG und müssen Küche, Bad, Flur und Müll wöchentlich verteilen. Jonas ist montags bis mittwochs nie da, Lea will niemals Bad putzen, Mehmet macht lieber zweimal Müll als einmal Bad, und Sophie ist egal. Finde einen fairen 4-Wochen-Plan und begründe, warum er fair ist.")
S("reasoning", "ja", "次の論理パズルを解いてください。A〜Eの5人のうち犯人は1人で、嘘をついているのも1人だけです。A「Bが犯人だ」 B「Eが犯人だ」 C「私は犯人ではない」 D「Bは嘘をついている」 E「Aは本当のことを言っている」。犯人は誰ですか？途中の考え方も書いてください。")
S("reasoning", "ko", "월급 실수령 350만원이고 지금 모은 돈이 3천만원이야. 5년 후에 전세 보증금 1억 5천을 모으려면 매달 얼마씩 저축해야 해? 예금 금리는 연 3.5% 월복리로 가정하고 단계별로 계산해줘")
S("reasoning", "ru", "Докажи, что сумма внутренних углов любого выпуклого n-угольника равна 180°·(n−2). Можно через разбиение на треугольники, но аккуратно.")
S("reasoning", "ru", "У меня два варианта: переехать в Казань на зарплату 180 тыс. и снимать квартиру за 40 тыс., или остаться в Москве с зарплатой 240 тыс. и ипотекой 75 тыс. в месяц. Жена работает удалённо, ребёнку 4 года, родители жены в Москве и помогают с ребёнком. Помоги взвесить всё по шагам и сделать вывод.")
S("reasoning", "pt", "Meu carro flex faz 12 km/l com gasolina e 8,5 km/l com etanol. Gasolina está R$ 5,89 e etanol R$ 3,99. Qual compensa mais? E a partir de qual preço do etanol deixa de compensar? Mostra o raciocínio.")
S("reasoning", "pt", "Preciso montar a escala de plantão de 5 enfermeiros para 7 dias: 2 por turno (dia e noite), ninguém pode fazer mais de 2 noites seguidas, ninguém faz dia logo depois de uma noite, e todo mundo precisa de pelo menos 1 folga na semana. É possível? Como você resolveria passo a passo?")
S("reasoning", "it", "Una lumaca è in fondo a un pozzo di 10 metri: di giorno sale di 3 metri, di notte scivola giù di 2. In quanti giorni esce? Spiegami il ragionamento, mio figlio dice 10 giorni e non so come convincerlo.")
S("reasoning", "tr", "Bir sınıfta 30 öğrenci var. 18'i futbol, 12'si basketbol oynuyor, 5'i ikisini de oynuyor. Hiçbirini oynamayan kaç öğrenci var? Sadece futbol oynayan kaç kişi? Venn şemasıyla adım adım açıklar mısın?")
S("reasoning", "id", "Saya mau buka usaha laundry kiloan dekat kampus, modal 60 juta. Pilihannya sewa ruko 30 juta/tahun di jalan utama atau 15 juta/tahun di gang dalam. Tolong analisis langkah demi langkah mana yang lebih masuk akal, termasuk perkiraan kapan balik modal kalau harga 7 ribu/kg.")
S("reasoning", "nl", "Bewijs dat n^3 - n voor elk natuurlijk getal n deelbaar is door 6.")
S("reasoning", "pl", "Mam 3 oferty kredytu hipotecznego na 400 tys. zł na 25 lat: A) oprocentowanie stałe 7,1% przez 5 lat, potem zmienne; B) zmienne WIBOR + 2,1% (dziś razem 7,9%); C) stałe 6,9%, ale prowizja 2%. Który wybrać? Przeanalizuj krok po kroku, łącznie z ryzykiem.")
S("reasoning", "pl", "Zagadka: mam dwa lonty, każdy pali się dokładnie godzinę, ale nierównomiernie (połowa lontu nie musi palić się pół godziny). Jak odmierzyć dokładnie 45 minut? Wyjaśnij, dlaczego to działa.")
S("reasoning", "th", "ร้านข้าวมันไก่ต้นทุนจานละ 28 บาท ขายจานละ 50 บาท ค่าเช่าร้านเดือนละ 18,000 บาท จ้างลูกจ้าง 2 คน คนละ 12,000 บาทต่อเดือน ค่าน้ำค่าไฟอีกเดือนละ 4,000 ถ้าเปิดร้าน 26 วันต่อเดือน ต้องขายวันละกี่จานถึงจะคุ้มทุน อธิบายวิธีคิดทีละขั้นด้วยครับ")
S("reasoning", "ar", "عمر أحمد الآن ثلاثة أضعاف عمر ابنه، وبعد 12 سنة سيصبح عمره ضعف عمر ابنه. كم عمر كل منهما الآن؟ اشرح الخطوات بالتفصيل.")
S("reasoning", "ar", "أفكر في دراسة الماجستير في ألمانيا أو كندا. تخصصي هندسة مدنية، ميزانيتي محدودة، وأريد العمل بعد التخرج والحصول على إقامة دائمة. قارن بينهما بالتفصيل (التكاليف، اللغة، فرص العمل، الإقامة) وساعدني أتخذ القرار.")

# ---------------------------------------------------------------------------
# data_analysis (50)
# ---------------------------------------------------------------------------
S("data_analysis", "en", """
Here's our monthly sales by region (USD thousands). Which region grew fastest from Q1 to Q2, and does anything in here look off?

region,jan,feb,mar,apr,may,jun
Northeast,412,398,430,455,470,468
Southeast,305,311,298,342,360,377
Midwest,288,290,301,296,0,305
West,510,522,540,538,561,590
Southwest,190,205,199,231,244,252
""")
S("data_analysis", "en", """
p50 / p95 for these response times (ms) pls, and are there outliers?
[112, 98, 105, 130, 101, 99, 2210, 118, 97, 124, 108, 111, 95, 102, 3400, 115, 109, 100, 121, 106]
""")
S("data_analysis", "en", "A/B test results: Variant A had 12,480 visitors and 374 conversions. Variant B had 12,115 visitors and 421 conversions. Is B significantly better at 95% confidence? What's the relative lift and its rough confidence interval?")
S("data_analysis", "en", """
Name | Math mid | Math final | Bio mid | Bio final
Aisha | 72 | 85 | 88 | 90
Brandon | 91 | 89 | 75 | 70
Carmen | 65 | 78 | 80 | 84
Devon | 58 | 61 | 92 | 95
Emily | 84 | 93 | 69 | 77
Farid | 77 | 74 | 81 | 88

What's the class average for each exam, and who improved the most overall from midterms to finals?
""")
S("data_analysis", "en", """
date	description	amount
03/01	Trader Joe's	84.12
03/02	Shell	52.40
03/03	Netflix	15.49
03/05	Chipotle	13.85
03/07	Rent	1850.00
03/08	Whole Foods	121.77
03/10	Uber	23.10
03/12	Starbucks	6.45
03/14	Comcast	79.99
03/15	Target	64.30
03/18	DoorDash	38.20
03/21	Shell	48.75
03/22	Trader Joe's	92.05
03/25	Planet Fitness	45.00
03/28	Thai Basil	41.60

this is my march from the bank app. can you group it into categories and tell me what % of my non-rent spending went to food (groceries + eating out)?
""")
S("data_analysis", "en", """
hero,pick_rate,win_rate,avg_kda,games
Vexa,18.2%,47.1%,2.8,41203
Runo,4.1%,56.3%,3.9,9288
Kaito,11.7%,50.2%,3.1,26510
Mirelle,2.3%,58.9%,4.4,5211
Drax,22.5%,49.0%,2.5,50987
Solen,7.8%,52.7%,3.3,17654

based on this patch's data which heroes are actually strong vs just played by a few one-tricks? trying to decide what to climb with
""")
S("data_analysis", "en", """
Home BP log for a patient (systolic/diastolic), before and after starting lisinopril 10 mg:
Before: 152/96, 148/94, 155/98, 150/95, 158/99, 149/93, 153/97
After (weeks 3-4): 138/88, 135/86, 141/90, 133/85, 137/87, 139/89, 134/84

Can you compute the mean change for systolic and diastolic and tell me whether the drop looks real rather than noise? I'm a nursing student doing a case write-up.
""")
S("data_analysis", "en", "closing prices for the last 10 trading days: 184.2, 186.9, 185.1, 188.4, 191.0, 189.3, 183.7, 185.5, 187.8, 190.6. compute the daily % returns, their mean and std dev, and the annualized volatility (252 days)")
S("data_analysis", "en", """
rep,deal,stage,amount,prob
Jordan,Acme Corp,Negotiation,42000,0.7
Jordan,Birch Labs,Discovery,18000,0.2
Jordan,Cobalt Inc,Proposal,35000,0.5
Priya,Dune Retail,Negotiation,60000,0.7
Priya,Echo Health,Closed Won,51000,1.0
Priya,Fable Media,Discovery,22000,0.2
Marcus,Granite Co,Proposal,27000,0.5
Marcus,Helix Bio,Negotiation,38000,0.7
Marcus,Ivy Schools,Closed Won,30000,1.0
Marcus,Juno Travel,Discovery,15000,0.2

quota is 150k per rep this quarter. what's each rep's weighted pipeline (incl. closed won) and who's at risk of missing?
""")
S("data_analysis", "en", """
Survey question: "How likely are you to recommend us to a friend?" (0-10), n=412
10: 96
9: 81
8: 70
7: 55
6: 38
5: 24
4: 15
3: 12
2: 8
1: 6
0: 7
What's our NPS, and how does the distribution look? Last quarter we were at 28.
""")
S("data_analysis", "en", """
channel | sessions | bounce | conv rate | revenue
Organic search | 48,200 | 41% | 2.1% | $61,400
Paid search | 22,900 | 52% | 2.8% | $48,300
Paid social | 31,500 | 68% | 0.9% | $17,200
Email | 9,800 | 29% | 4.6% | $33,900
Referral | 4,100 | 37% | 3.2% | $9,800

Ad spend last month was $21k on paid search and $14k on paid social. Looking at these numbers, where should the next $10k go?
""")
S("data_analysis", "en", "Last 6 weeks of chicken thigh usage at my restaurant (kg): 84, 91, 88, 97, 102, 99. There's a food festival next week and we expect about 25% more covers than a normal week. How much should I order if I still have 18 kg in the walk-in? Give me the number and how you got it.")
S("data_analysis", "en", """
host,avg_cpu,p95_cpu,mem_used_pct,load1
web-01,41,68,62,2.1
web-02,44,71,60,2.3
web-03,39,97,88,7.9
api-01,55,82,71,3.8
api-02,58,84,93,4.1
db-01,35,60,79,1.9
worker-01,88,99,45,11.2

these are all 4 vCPU boxes, last 24h. which hosts look like they're in trouble and why?
""")
S("data_analysis", "en", """
hours studied vs exam score for my study group:
2 -> 61
3 -> 64
5 -> 72
1 -> 55
6 -> 80
4 -> 70
8 -> 83
7 -> 85
3 -> 59
5 -> 75
what's the correlation, and what would a linear fit predict for 9 hours? is that extrapolation sketchy?
""")
S("data_analysis", "en", """
[{"order":1001,"customer":"c_17","total":42.5},{"order":1002,"customer":"c_03","total":18.0},{"order":1003,"customer":"c_17","total":63.2},{"order":1004,"customer":"c_22","total":12.9},{"order":1005,"customer":"c_09","total":88.0},{"order":1006,"customer":"c_03","total":25.4},{"order":1007,"customer":"c_41","total":31.1},{"order":1008,"customer":"c_17","total":19.9},{"order":1009,"customer":"c_22","total":54.0},{"order":1010,"customer":"c_58","total":73.6}]

From this week's orders: how many unique customers, what % of them are repeat customers, and what's the average order value for repeat vs one-time customers?
""")
S("data_analysis", "en", """
Apartments I'm looking at in Lisbon:
Area | Price € | m² | Bedrooms
Alvalade | 420,000 | 88 | 2
Arroios | 365,000 | 71 | 2
Campo de Ourique | 510,000 | 95 | 3
Marvila | 298,000 | 78 | 2
Benfica | 335,000 | 90 | 3
Alvalade | 455,000 | 102 | 3
Arroios | 289,000 | 55 | 1

price per m² for each, average per area, and which ones look like the best value?
""")
S("data_analysis", "en", """
I run a small beach cafe. Here's my log for the last 6 weeks. Questions: (1) how much does rain actually cost me in covers and revenue, (2) which weekday is strongest once you account for weather, (3) is average spend per cover going up or down over the period?

date,weekday,weather,max_temp_c,covers,revenue_eur
2024-06-03,Mon,sunny,24,61,1342
2024-06-04,Tue,cloudy,21,48,1018
2024-06-05,Wed,rain,17,22,451
2024-06-06,Thu,sunny,25,66,1471
2024-06-07,Fri,sunny,27,94,2212
2024-06-08,Sat,sunny,28,131,3118
2024-06-09,Sun,cloudy,23,112,2531
2024-06-10,Mon,rain,16,19,402
2024-06-11,Tue,cloudy,20,45,972
2024-06-12,Wed,sunny,24,58,1290
2024-06-13,Thu,sunny,26,71,1602
2024-06-14,Fri,cloudy,22,79,1810
2024-06-15,Sat,rain,18,57,1263
2024-06-16,Sun,sunny,27,140,3377
2024-06-17,Mon,sunny,25,63,1415
2024-06-18,Tue,sunny,26,59,1344
2024-06-19,Wed,cloudy,22,50,1097
2024-06-20,Thu,rain,17,24,530
2024-06-21,Fri,sunny,29,102,2449
2024-06-22,Sat,sunny,30,148,3590
2024-06-23,Sun,sunny,29,151,3702
2024-06-24,Mon,cloudy,21,44,963
2024-06-25,Tue,sunny,26,62,1420
2024-06-26,Wed,sunny,27,67,1551
2024-06-27,Thu,cloudy,23,55,1238
2024-06-28,Fri,rain,18,38,850
2024-06-29,Sat,sunny,31,155,3801
2024-06-30,Sun,cloudy,24,118,2760
2024-07-01,Mon,sunny,28,70,1622
2024-07-02,Tue,sunny,29,73,1705
2024-07-03,Wed,rain,19,27,601
2024-07-04,Thu,sunny,28,80,1861
2024-07-05,Fri,sunny,30,109,2650
2024-07-06,Sat,cloudy,25,126,2995
2024-07-07,Sun,sunny,31,163,4012
2024-07-08,Mon,sunny,29,72,1690
2024-07-09,Tue,cloudy,23,52,1180
2024-07-10,Wed,sunny,28,75,1760
2024-07-11,Thu,sunny,29,83,1955
2024-07-12,Fri,rain,20,41,925
2024-07-13,Sat,sunny,31,160,3950
2024-07-14,Sun,sunny,32,169,4205
""")
S("data_analysis", "en", """
level,gender,salary
L1,F,62000
L1,M,64000
L1,F,61000
L1,M,66000
L2,F,78000
L2,M,81000
L2,M,85000
L2,F,80000
L3,F,99000
L3,M,104000
L3,M,101000
L3,F,97000
L3,M,110000

HR here. Is there a gender pay gap within levels, or is the overall gap just the level mix? rough numbers are fine
""")
M("data_analysis", "en", [
    ("user", """
weekly signups for our app, weeks 1-12:
wk1 340
wk2 362
wk3 355
wk4 401
wk5 418
wk6 430
wk7 445
wk8 462
wk9 288
wk10 470
wk11 489
wk12 503
can you summarize the trend?
"""),
    ("assistant", "Signups grew steadily from 340 in week 1 to 503 in week 12, roughly +48% overall or about 15 more signups per week on average. The one exception is week 9, which dropped to 288 before recovering to 470 the following week."),
    ("user", "ok now compare the last 4 weeks to the 4 weeks before that (% change), and tell me if week 9 is a statistical outlier or within normal variation"),
])
S("data_analysis", "en", """
Campaign | Subject style | Sent | Opens | Clicks
Spring sale | Question | 24,000 | 5,520 | 610
New arrivals | Emoji | 23,500 | 6,110 | 540
Loyalty | Personalized name | 24,200 | 7,020 | 890
Flash 24h | Urgency | 23,800 | 6,450 | 720
Newsletter | Plain | 24,100 | 4,580 | 390

Compute open rate, CTR and click-to-open rate for each and tell me which subject line style performs best. Is 1 campaign per style enough to conclude anything?
""")

S("data_analysis", "zh", """
下面是我们5家门店今年和去年第三季度的销售额（万元），帮我算一下同比增长率，哪家店增长最快，哪家在下滑？
门店,2023年Q3,2024年Q3
朝阳店,182.5,201.3
海淀店,156.0,149.8
西城店,98.4,121.7
通州店,75.2,80.1
大兴店,110.9,97.6
""")
S("data_analysis", "zh", "班级期中数学成绩：88, 92, 75, 64, 59, 81, 95, 70, 68, 77, 85, 90, 55, 73, 66, 79, 84, 91, 62, 71。帮我算平均分、中位数、标准差、及格率（60分及格），再按90以上、80-89、70-79、60-69、不及格分段统计人数")
S("data_analysis", "zh", """
[{"uid":"u01","amt":129},{"uid":"u02","amt":59},{"uid":"u01","amt":88},{"uid":"u03","amt":299},{"uid":"u04","amt":45},{"uid":"u02","amt":76},{"uid":"u05","amt":158},{"uid":"u01","amt":39},{"uid":"u06","amt":210},{"uid":"u04","amt":67}]
这是上周店铺的订单数据，帮我算一下客单价、下单用户数、复购率，以及复购用户和只买一次的用户平均消费差多少
""")
S("data_analysis", "zh", "我买的基金最近12周的周末净值：1.052, 1.087, 1.103, 1.096, 1.121, 1.078, 1.034, 1.012, 1.045, 1.069, 1.098, 1.115。请计算这段时间的收益率、最大回撤（发生在哪两周之间），以及周收益率的标准差")
S("data_analysis", "zh", """
我们做了一个员工满意度调查（1-5分），每个维度都是125人作答，结果如下：
维度,1分,2分,3分,4分,5分
薪酬福利,12,28,45,30,10
工作环境,3,8,30,62,22
上级管理,9,15,38,41,22
职业发展,18,33,40,22,12
团队氛围,2,6,25,58,34
请算出各维度的平均分和满意率（4分及以上占比），并指出最需要改进的两项。
""")
S("data_analysis", "zh", """
我爸最近两周的空腹血糖记录（mmol/L）：
第1周：7.8, 8.1, 7.5, 8.4, 7.9, 8.0, 7.7
第2周（开始每天晚饭后散步40分钟）：7.2, 7.0, 7.4, 6.9, 7.1, 6.8, 7.0
帮我算一下两周的平均值和变化幅度，从数据上看散步有没有明显效果？
""")
S("data_analysis", "zh", """
新服开服一周的数据：
日期,新增用户,次日留存,3日留存,7日留存
6/1,12450,41.2%,28.5%,17.9%
6/2,9830,39.8%,27.1%,16.4%
6/3,8120,43.5%,30.2%,19.8%
6/4,7540,38.1%,25.9%,15.2%
6/5,11200,45.0%,31.8%,21.3%
6/3和6/5这两天上了新手活动。帮我分析活动对留存有没有提升，并算一下按新增用户加权的平均留存。
""")
S("data_analysis", "zh", """
月份	房租	水电	网费	买菜	外卖	交通
1月	3200	186	99	860	540	210
2月	3200	241	99	720	780	150
3月	3200	172	99	910	620	230
4月	3200	158	99	880	710	245
5月	3200	165	99	790	890	260
6月	3200	230	99	650	1020	240
这是我上半年的记账，帮我算每个月总支出和各项占比，外卖是不是越来越多了？买菜和外卖加起来的餐饮支出有没有变化？
""")
S("data_analysis", "zh", """
三场直播的数据：
场次,时长(小时),观看人数,峰值在线,成交单数,GMV(元),投流花费(元)
618专场,4,182000,9800,3420,512000,60000
日常场A,3,46000,2100,780,98500,8000
日常场B,3,52000,2600,910,121300,12000
帮我算一下每场的观看转化率、客单价和投流ROI，投流到底值不值？
""")
M("data_analysis", "zh", [
    ("user", "这是我们部门上个月每个人的加班小时数：张三 32，李四 18，王五 45，赵六 12，孙七 27，周八 38，吴九 22，郑十 51。先帮我算个平均数"),
    ("assistant", "8个人加班总时长是245小时，平均每人约30.6小时。"),
    ("user", "公司规定每月超过36小时要预警，有几个人超了？再算一下中位数和标准差。另外如果把超标的人都压到36小时，部门平均会降到多少？"),
])

S("data_analysis", "es", """
Estos son los datos de ventas de mi tienda online por categoría en el último trimestre:
Categoría;Unidades;Ingresos (€);Devoluciones
Zapatillas;1240;86800;148
Camisetas;3510;52650;210
Chaquetas;420;50400;63
Accesorios;2100;25200;42
¿Qué categoría tiene la mayor tasa de devolución y cuál es el precio medio por unidad de cada una?
""")
S("data_analysis", "es", """
tengo las notas de mis alumnos de 2º de bachillerato en los dos primeros exámenes:
Alumno,Examen1,Examen2
Lucía,6.5,7.2
Marcos,4.0,5.1
Sara,8.8,9.0
Diego,5.5,4.8
Ana,7.0,7.9
Pablo,3.2,4.5
Elena,9.1,8.7
Javier,6.0,6.6
¿hay correlación entre el primer y el segundo examen? ¿la media ha subido de forma significativa o es ruido?
""")
S("data_analysis", "fr", """
Voici la consommation électrique de notre maison (kWh) par mois. On a installé une pompe à chaleur fin décembre 2023.
mois,2023,2024
jan,812,640
fév,745,598
mar,650,520
avr,480,401
mai,355,330
juin,290,305
juil,310,318
août,298,312
sept,340,295
oct,520,410
nov,690,530
déc,790,615
Est-ce que la pompe à chaleur a vraiment fait baisser la conso ? De combien en % sur l'année et sur les mois d'hiver ?
""")
S("data_analysis", "de", """
Hier meine Laufdaten der letzten 8 Wochen (km pro Woche / Ø Pace min/km / Ø Puls):
W1: 22 / 6:05 / 158
W2: 25 / 6:01 / 157
W3: 28 / 5:58 / 155
W4: 18 / 5:55 / 151
W5: 30 / 5:50 / 153
W6: 33 / 5:46 / 152
W7: 35 / 5:44 / 150
W8: 24 / 5:39 / 147
Werde ich tatsächlich fitter oder ist das Zufall? Gibt es einen Zusammenhang zwischen Wochenumfang und Pace?
""")
S("data_analysis", "de", """
Export aus unserem Support-Tool:
[{"id":501,"prio":"P1","stunden":3.5},{"id":502,"prio":"P2","stunden":30},{"id":503,"prio":"P3","stunden":41},{"id":504,"prio":"P1","stunden":6.2},{"id":505,"prio":"P2","stunden":12},{"id":506,"prio":"P3","stunden":96},{"id":507,"prio":"P2","stunden":20},{"id":508,"prio":"P1","stunden":2.1},{"id":509,"prio":"P3","stunden":55},{"id":510,"prio":"P2","stunden":26},{"id":511,"prio":"P3","stunden":18},{"id":512,"prio":"P1","stunden":4.8}]
Wie hoch ist die durchschnittliche und die mediane Lösungszeit pro Priorität, und wie oft verletzen wir die SLA (P1: 4h, P2: 24h, P3: 72h)?
""")
S("data_analysis", "ja", """
以下は店舗別の先月の来店者数と売上です。客単価を計算して、どの店舗に改善の余地がありそうか教えてください。
店舗｜来店者数｜売上(円)
渋谷店｜18420｜9860000
新宿店｜22150｜10210000
池袋店｜15870｜8930000
横浜店｜12300｜7440000
大宮店｜9650｜4120000
""")
S("data_analysis", "ja", """
顧客アンケートの結果（n=260）です。年代別に「満足」の割合を出して、年代によって差があると言えるか見てほしいです。
年代,満足,普通,不満
20代,38,17,5
30代,45,22,13
40代,30,25,15
50代以上,22,18,10
""")
S("data_analysis", "ko", """
우리 쇼핑몰 최근 7일 데이터야. 단계별 전환율 계산해주고 어디서 제일 많이 이탈하는지 알려줘
날짜,방문자,상품조회,장바구니,결제시작,구매완료
5/1,8420,5210,1302,610,488
5/2,7980,4890,1255,590,472
5/3,9150,5720,1390,655,501
5/4,10230,6410,1502,702,548
5/5,11840,7350,1690,780,603
5/6,8760,5390,1321,617,479
5/7,8110,5020,1268,598,466
""")
S("data_analysis", "ru", """
Выручка нашей кофейни по дням недели за последние 4 недели (тыс. руб.):
неделя | пн | вт | ср | чт | пт | сб | вс
1 | 38.2 | 41.5 | 40.1 | 44.8 | 61.3 | 72.9 | 55.4
2 | 35.7 | 39.9 | 42.3 | 46.0 | 58.7 | 75.1 | 57.8
3 | 36.9 | 40.2 | 39.5 | 43.1 | 63.0 | 70.4 | 52.6
4 | 33.4 | 42.8 | 41.0 | 45.5 | 60.2 | 77.3 | 56.1
Посчитай среднюю выручку по каждому дню недели и разброс. В какой день выгоднее всего сделать выходной для ремонта?
""")
S("data_analysis", "pt", """
Segue a planilha de inadimplência da nossa carteira por faixa de renda:
Faixa de renda | Clientes | Inadimplentes | Valor em atraso (R$)
Até 2 SM | 1.850 | 296 | 412.300
2 a 5 SM | 3.420 | 308 | 688.900
5 a 10 SM | 2.110 | 127 | 530.100
Acima de 10 SM | 860 | 31 | 295.400
Qual faixa tem a maior taxa de inadimplência, qual o ticket médio em atraso por inadimplente e quanto cada faixa representa do valor total em atraso?
""")
S("data_analysis", "it", """
Questi sono i dati dei nostri agenti immobiliari nel 2023:
Agente;Visite;Vendite;Provvigioni (€)
Rossi;212;19;96.900
Bianchi;158;17;81.600
Esposito;301;21;88.200
Ferrari;97;11;60.500
Romano;245;16;72.000
Colombo;130;14;79.800
Calcola il tasso di conversione visite→vendite e la provvigione media per vendita. Chi è l'agente più efficiente?
""")
S("data_analysis", "it", "Ho misurato la temperatura del mio forno a legna ogni 10 minuti: 0 min 180°C, 10 min 245, 20 min 310, 30 min 362, 40 min 398, 50 min 421, 60 min 430, 70 min 434, 80 min 436. Dopo quanto si può dire che si stabilizza? E qual è la velocità media di riscaldamento nei primi 30 minuti rispetto agli ultimi 30?")
S("data_analysis", "tr", """
Mağazamızın son 6 aylık verileri:
Ay | Reklam harcaması (TL) | Satış (TL)
Ocak | 42.000 | 610.000
Şubat | 38.000 | 575.000
Mart | 55.000 | 702.000
Nisan | 61.000 | 748.000
Mayıs | 47.000 | 655.000
Haziran | 70.000 | 790.000
Reklam harcaması ile satış arasında korelasyon var mı? Her ek 1 TL reklam yaklaşık kaç TL satış getiriyor gibi görünüyor?
""")
S("data_analysis", "id", """
Ini data penjualan warung kopi saya minggu lalu (dalam gelas):
Hari, Kopi Susu, Americano, Es Teh, Roti Bakar
Senin, 42, 18, 35, 20
Selasa, 39, 15, 31, 22
Rabu, 45, 20, 38, 19
Kamis, 50, 22, 40, 25
Jumat, 61, 28, 47, 30
Sabtu, 78, 30, 66, 41
Minggu, 70, 26, 58, 37
Harga: kopi susu 18rb, americano 15rb, es teh 6rb, roti bakar 14rb. Tolong hitung omzet per hari, rata-rata harian, hari paling ramai, dan menu mana yang paling besar kontribusinya ke omzet.
""")
S("data_analysis", "nl", """
Cijfers van onze zonnepanelen vorig jaar (kWh):
maand,opgewekt,verbruikt
jan,62,410
feb,118,372
mrt,245,351
apr,390,310
mei,488,290
jun,512,275
jul,530,281
aug,455,288
sep,320,305
okt,190,342
nov,85,389
dec,48,420
Hoeveel procent van ons jaarverbruik wekken we zelf op, en in welke maanden leveren we netto terug aan het net?
""")
S("data_analysis", "pl", """
Spalanie w naszej flocie za ostatni miesiąc (ten sam model auta, Toyota Corolla 1.8 hybrid):
Kierowca | km | litry
Nowak | 3120 | 156,0
Kowalski | 2870 | 149,2
Wiśniewska | 3340 | 153,6
Wójcik | 2410 | 151,8
Kamiński | 2980 | 143,0
Policz średnie spalanie na 100 km dla każdego kierowcy i średnią floty. Który kierowca najbardziej odstaje i o ile procent?
""")
S("data_analysis", "th", """
ยอดขายร้านออนไลน์ของเรา 6 เดือนล่าสุด (บาท)
ม.ค. 182,000
ก.พ. 175,500
มี.ค. 210,300
เม.ย. 198,700
พ.ค. 246,900
มิ.ย. 261,400
ช่วยคำนวณอัตราการเติบโตเดือนต่อเดือน ยอดเฉลี่ย และบอกหน่อยว่าเดือนไหนโตมากที่สุด
""")
S("data_analysis", "th", """
คะแนนสอบคณิตศาสตร์ 2 ห้อง (เต็ม 50)
ห้อง ม.3/1: 32, 41, 28, 45, 37, 30, 39, 44, 26, 35
ห้อง ม.3/2: 38, 36, 40, 33, 42, 39, 35, 37, 41, 34
ช่วยหาค่าเฉลี่ยและส่วนเบี่ยงเบนมาตรฐานของแต่ละห้อง แล้วบอกว่าห้องไหนทำได้ดีกว่าและห้องไหนคะแนนกระจายมากกว่า
""")
S("data_analysis", "ar", """
هذه مبيعات متجري خلال الأشهر الستة الماضية (بالريال):
الشهر | العطور | الساعات | الإكسسوارات
يناير | 45,200 | 31,800 | 12,400
فبراير | 41,900 | 29,300 | 13,100
مارس | 58,700 | 35,600 | 15,900
أبريل | 62,300 | 33,200 | 14,700
مايو | 49,800 | 38,900 | 16,200
يونيو | 53,100 | 41,500 | 17,800
احسب إجمالي المبيعات لكل شهر ونسبة النمو الشهري، وما هي الفئة الأسرع نموًا من يناير إلى يونيو؟
""")
S("data_analysis", "ar", """
نتائج تجربة صغيرة على انخفاض ضغط الدم الانقباضي (mmHg) بعد 8 أسابيع:
المجموعة أ (الدواء): 12, 9, 15, 7, 11, 14, 10, 13
المجموعة ب (دواء وهمي): 4, 6, 2, 8, 5, 3, 7, 5
هل الفرق بين المجموعتين ذو دلالة إحصائية؟ احسب المتوسط والانحراف المعياري لكل مجموعة وقيمة t تقريبًا.
""")

# ===========================================================================
# Long document generators.  Each returns (text, meta).
# ===========================================================================

def _money(n):
    return "${:,.0f}".format(n)


def gen_msa(rng, size=1):
    """EN: SaaS master services agreement with an order form."""
    vendor, vstate = rng.choice([
        ("Cloudnest Analytics, Inc.", "Delaware"),
        ("Tidewater Systems, Inc.", "Washington"),
        ("Palisade Health Software, LLC", "Colorado"),
        ("Quillmark Technologies Corp.", "New York"),
        ("Brightfield Data, Inc.", "California"),
    ])
    customer, cdesc = rng.choice([
        ("Harbor Point Dental Group, LLC", "a multi-location dental practice"),
        ("Meridian Freight Partners LP", "a regional freight carrier"),
        ("Oakridge Community Health, Inc.", "a non-profit community health network"),
        ("Bluewater Hospitality Group, LLC", "an operator of boutique hotels"),
        ("Sterling & Vance LLP", "a law firm"),
        ("Northgate Learning Trust", "a network of private schools"),
    ])
    product = rng.choice([
        ("the Cloudnest Insight platform", "operational analytics, dashboards and automated reporting"),
        ("the Relay scheduling and messaging platform", "appointment scheduling, reminders and two-way customer messaging"),
        ("the Ledgerline finance automation suite", "accounts-payable automation, invoice capture and approval workflows"),
        ("the Fieldbook workforce platform", "shift scheduling, time tracking and labor-cost reporting"),
    ])
    law = rng.choice(["Delaware", "New York", "California", "Texas", "Illinois", "Washington"])
    eff_month = rng.choice(["January", "February", "March", "April", "June", "August", "September", "October"])
    eff_day = rng.randint(1, 28)
    eff_year = rng.choice([2024, 2025])
    term = rng.choice([12, 24, 36])
    auto_renew = rng.random() < 0.75
    renew_notice = rng.choice([30, 60, 90])
    uplift = rng.choice([3, 5, 7, 9])
    net = rng.choice([30, 45, 60])
    late = rng.choice(["1.0%", "1.5%"])
    uptime = rng.choice(["99.5%", "99.9%", "99.95%"])
    cap_months = rng.choice([3, 6, 12])
    supercap = rng.choice([2, 3])
    trains_ai = rng.random() < 0.5
    tfc = rng.random() < 0.5
    etf = rng.choice([25, 50, 75, 100])
    nonsolicit = rng.choice([6, 12, 24])
    cyber_ins = rng.choice([2, 5, 10])
    breach_hours = rng.choice([24, 48, 72, 120])
    seats = rng.choice([25, 40, 60, 120, 250])
    modules = rng.sample([
        ("Core Platform subscription", 1),
        ("Advanced Reporting module", 0.25),
        ("SSO / SCIM add-on", 0.08),
        ("Premium Support (24x7)", 0.18),
        ("Sandbox environment", 0.06),
        ("API access - 1M calls/month", 0.12),
        ("Data warehouse connector", 0.10),
    ], rng.randint(3, 5))
    base_per_seat = rng.choice([38, 45, 52, 65, 79])
    impl_fee = rng.choice([5000, 7500, 12000, 18500])

    eff = "{} {}, {}".format(eff_month, eff_day, eff_year)
    parts = []
    parts.append("MASTER SUBSCRIPTION AND SERVICES AGREEMENT")
    parts.append(
        "This Master Subscription and Services Agreement (the \"Agreement\") is entered into as of {eff} (the \"Effective Date\") "
        "by and between {vendor}, a {vstate} corporation with its principal place of business at the address set out in the Order Form "
        "(\"Provider\"), and {customer}, {cdesc} (\"Customer\"). Provider and Customer are each a \"Party\" and together the \"Parties\".".format(
            eff=eff, vendor=vendor, vstate=vstate, customer=customer, cdesc=cdesc))
    parts.append(
        "WHEREAS, Provider makes available {p}, a hosted software service offering {pd}; and WHEREAS, Customer wishes to subscribe to "
        "that service and to obtain related implementation and support services on the terms below; NOW, THEREFORE, in consideration of the "
        "mutual covenants contained herein, the Parties agree as follows.".format(p=product[0], pd=product[1]))

    parts.append("1. DEFINITIONS")
    defs = [
        ("Affiliate", "any entity that directly or indirectly controls, is controlled by, or is under common control with a Party, where \"control\" means ownership of more than fifty percent (50%) of the voting interests of the entity."),
        ("Authorized User", "an employee, contractor or agent of Customer or its Affiliates who is authorized by Customer to access the Service under Customer's account and who has been issued unique login credentials."),
        ("Customer Data", "all electronic data, text, files and other content submitted to the Service by or on behalf of Customer, including any personal information of Customer's own customers, patients, clients or employees."),
        ("Documentation", "Provider's then-current user guides, help-center articles and technical specifications for the Service, as updated from time to time, provided that no update materially degrades the functionality described therein."),
        ("Order Form", "an ordering document executed by both Parties that references this Agreement and specifies the subscribed Service components, quantities, fees and Subscription Term."),
        ("Professional Services", "implementation, configuration, data migration, training and any other consulting services described in an Order Form or a statement of work."),
        ("Service", "the hosted software service identified in an Order Form, including any updates, enhancements and new releases Provider makes generally available to its customers."),
        ("Subscription Term", "the Initial Term and every Renewal Term, each as defined in Section 5."),
        ("Usage Data", "technical logs, metrics and information about the operation and use of the Service that do not identify Customer, any Authorized User or any individual."),
        ("Aggregated Data", "Customer Data and Usage Data that has been de-identified and combined with data from other customers such that it cannot reasonably be used to identify Customer or any individual."),
    ]
    if rng.random() < 0.5:
        defs.append(("Security Incident", "any confirmed unauthorized access to, or acquisition, disclosure or loss of, Customer Data while in the possession or control of Provider or its subprocessors."))
    for i, (k, v) in enumerate(defs, 1):
        parts.append("1.{} \"{}\" means {}".format(i, k, v))

    parts.append("2. THE SERVICE")
    parts.append(
        "2.1 Provision. Subject to the terms of this Agreement and payment of all applicable fees, Provider grants Customer a non-exclusive, "
        "non-transferable right during the Subscription Term for its Authorized Users to access and use the Service solely for Customer's internal "
        "business purposes, up to the quantities specified in the applicable Order Form.")
    parts.append(
        "2.2 Restrictions. Customer shall not (a) license, sublicense, sell, resell, rent or otherwise make the Service available to any third party "
        "other than Authorized Users; (b) reverse engineer, decompile or attempt to derive the source code of the Service, except to the extent that "
        "such restriction is prohibited by applicable law; (c) use the Service to build a competitive product; (d) access the Service through automated "
        "means at a rate exceeding the limits stated in the Documentation; or (e) upload any content that is unlawful, infringing or contains malicious code.")
    parts.append(
        "2.3 Changes to the Service. Provider may modify the Service from time to time, provided that Provider shall not materially reduce the core "
        "functionality of the Service during the then-current Subscription Term. Provider will give Customer at least {} days' prior written notice "
        "of the deprecation of any feature that Customer is actively using.".format(rng.choice([30, 60, 90])))
    parts.append(
        "2.4 Professional Services. Provider will perform the Professional Services described in the Order Form in a professional and workmanlike "
        "manner. Unless otherwise stated, implementation is scheduled to complete within {} weeks after the Effective Date, assuming Customer provides "
        "timely access to its personnel, systems and source data. Delays caused by Customer shall extend the schedule day for day and may incur "
        "additional fees at Provider's then-current hourly rates.".format(rng.choice([6, 8, 10, 12])))

    parts.append("3. CUSTOMER RESPONSIBILITIES")
    parts.append(
        "3.1 Customer is responsible for all activities that occur under its Authorized Users' accounts, for the accuracy, quality and legality of "
        "Customer Data, and for using commercially reasonable efforts to prevent unauthorized access to the Service. Customer shall notify Provider "
        "promptly of any unauthorized use of which it becomes aware.")
    parts.append(
        "3.2 Customer shall ensure that it has provided all notices and obtained all consents required by applicable law to permit Provider to "
        "process Customer Data as contemplated by this Agreement, including, where applicable, any authorizations required under health-privacy, "
        "consumer-protection or employment laws.")

    parts.append("4. FEES AND PAYMENT")
    parts.append(
        "4.1 Fees. Customer shall pay the fees specified in each Order Form. Except as expressly set out in this Agreement, fees are based on "
        "subscriptions purchased and not actual usage, payment obligations are non-cancelable, and fees paid are non-refundable. Seat quantities "
        "purchased cannot be decreased during the relevant Subscription Term.")
    parts.append(
        "4.2 Invoicing and Payment. Subscription fees are invoiced annually in advance and Professional Services fees are invoiced {}. "
        "Invoices are due net {} days from the invoice date. Overdue amounts bear interest at the lesser of {} per month or the maximum rate permitted "
        "by law.".format(rng.choice(["monthly in arrears", "50% on signature and 50% on go-live", "upon completion of each milestone"]), net, late))
    parts.append(
        "4.3 Suspension. If any undisputed amount owed by Customer is {} or more days overdue, Provider may, without limiting its other rights and "
        "remedies, suspend the Service until such amounts are paid in full, provided Provider has given Customer at least ten (10) days' prior written "
        "notice that its account is overdue.".format(rng.choice([15, 30, 45])))
    parts.append(
        "4.4 Price Adjustments. Provider may increase the fees for any Renewal Term by up to {}% over the fees for the immediately preceding term, "
        "provided Provider notifies Customer of the increase at least {} days before the end of the then-current term. {}".format(
            uplift, renew_notice + 30,
            rng.choice(["Any increase above that amount requires Customer's written consent.",
                        "Where Provider fails to give timely notice, the fees for the Renewal Term shall remain unchanged.",
                        "Increases in third-party hosting costs may be passed through at cost in addition to the foregoing, upon written evidence of such costs."])))
    parts.append(
        "4.5 Taxes. Fees do not include any sales, use, value-added, withholding or similar taxes. Customer is responsible for all such taxes other "
        "than taxes based on Provider's net income, property or employees.")

    parts.append("5. TERM AND TERMINATION")
    if auto_renew:
        parts.append(
            "5.1 Term. This Agreement commences on the Effective Date and continues for an initial term of {} months (the \"Initial Term\"). "
            "Thereafter, each subscription shall automatically renew for successive periods of twelve (12) months (each a \"Renewal Term\") "
            "unless either Party gives the other written notice of non-renewal at least {} days before the end of the then-current term.".format(term, renew_notice))
    else:
        parts.append(
            "5.1 Term. This Agreement commences on the Effective Date and continues for an initial term of {} months (the \"Initial Term\"). "
            "The Agreement shall not renew automatically; any renewal (a \"Renewal Term\") requires a new Order Form signed by both Parties. Provider "
            "shall send Customer a renewal quote no later than {} days before expiry.".format(term, renew_notice))
    parts.append(
        "5.2 Termination for Cause. Either Party may terminate this Agreement upon written notice if the other Party materially breaches this "
        "Agreement and fails to cure the breach within thirty (30) days after receiving written notice describing it, or if the other Party becomes "
        "the subject of a petition in bankruptcy or any other proceeding relating to insolvency, receivership or assignment for the benefit of creditors.")
    if tfc:
        parts.append(
            "5.3 Termination for Convenience. After the first twelve (12) months of the Initial Term, Customer may terminate this Agreement for "
            "convenience upon ninety (90) days' prior written notice, provided that Customer pays an early termination fee equal to {}% of the "
            "subscription fees that would have been payable for the remainder of the then-current term.".format(etf))
    else:
        parts.append(
            "5.3 No Termination for Convenience. Neither Party may terminate this Agreement or any Order Form for convenience. Customer acknowledges "
            "that the fees reflect a commitment for the full Subscription Term and that, upon any termination by Provider for Customer's uncured breach, "
            "all unpaid fees for the remainder of the term shall become immediately due.")
    parts.append(
        "5.4 Effect of Termination. Upon termination or expiry, Customer's right to use the Service ceases. Provided Customer has paid all fees due, "
        "Provider shall make Customer Data available for export in {} format for a period of {} days, after which Provider shall delete Customer Data "
        "from its production systems within a further {} days and from backups in accordance with its standard rotation schedule.".format(
            rng.choice(["CSV and JSON", "CSV", "a documented machine-readable"]), rng.choice([14, 30, 60]), rng.choice([30, 60, 90])))
    parts.append(
        "5.5 Refund or Payment upon Termination. If Customer terminates for Provider's uncured material breach, Provider shall refund any prepaid "
        "fees covering the remainder of the term after the effective date of termination. Sections 4, 5.4, 5.5, 6, 7.4, 10, 11 and 14 survive termination.")

    parts.append("6. CONFIDENTIALITY")
    parts.append(
        "6.1 \"Confidential Information\" means all information disclosed by a Party (\"Discloser\") to the other Party (\"Recipient\") that is "
        "designated as confidential or that reasonably should be understood to be confidential given the nature of the information and the "
        "circumstances of disclosure. Customer's Confidential Information includes Customer Data; Provider's Confidential Information includes the "
        "Service, the Documentation and the pricing in any Order Form.")
    parts.append(
        "6.2 Recipient shall use the same degree of care to protect Discloser's Confidential Information that it uses for its own confidential "
        "information of like kind (but not less than reasonable care), shall not use it for any purpose outside the scope of this Agreement, and "
        "shall limit access to those of its employees, contractors and advisors who need such access and are bound by written obligations at least "
        "as protective as these. These obligations continue for {} years after termination, and indefinitely for trade secrets and Customer Data.".format(rng.choice([3, 5])))
    parts.append(
        "6.3 Exclusions. Confidential Information does not include information that is or becomes publicly available without breach, was known to "
        "Recipient before disclosure, is received from a third party without breach of any obligation owed to Discloser, or was independently "
        "developed by Recipient. Recipient may disclose Confidential Information if compelled by law, provided it gives Discloser prior notice "
        "(to the extent legally permitted) and reasonable assistance to contest the disclosure.")

    parts.append("7. DATA PROTECTION AND SECURITY")
    parts.append(
        "7.1 Provider shall maintain administrative, physical and technical safeguards for the protection of Customer Data as described in its "
        "security documentation, including encryption of Customer Data in transit and at rest, role-based access controls, annual penetration testing "
        "by an independent third party and {}.".format(rng.choice(["a SOC 2 Type II report issued at least annually", "ISO/IEC 27001 certification", "both a SOC 2 Type II report and ISO/IEC 27001 certification"])))
    parts.append(
        "7.2 Provider shall notify Customer without undue delay, and in any event within {} hours, after becoming aware of a Security Incident, "
        "and shall provide information reasonably requested by Customer to meet its own notification obligations. Provider shall bear the reasonable "
        "costs of notifying affected individuals where the Security Incident results from Provider's breach of this Section 7.".format(breach_hours))
    parts.append(
        "7.3 Subprocessors. Provider may engage subprocessors to process Customer Data, provided that Provider maintains a current list of "
        "subprocessors on its website, gives Customer at least {} days' notice of any new subprocessor, and remains responsible for each "
        "subprocessor's compliance with this Agreement. Customer may object on reasonable data-protection grounds, in which case the Parties shall "
        "discuss the objection in good faith.".format(rng.choice([10, 14, 30])))
    if trains_ai:
        parts.append(
            "7.4 Use of Data. Customer grants Provider a worldwide, royalty-free license to use Customer Data to provide and support the Service. "
            "In addition, Provider may collect Usage Data and create Aggregated Data, and may use Usage Data and Aggregated Data during and after the "
            "term of this Agreement for any lawful business purpose, including to develop, train and improve Provider's products, machine-learning "
            "models and artificial-intelligence features, and to publish benchmarks. Provider shall not disclose Aggregated Data in a form that "
            "identifies Customer.")
    else:
        parts.append(
            "7.4 Use of Data. Customer grants Provider a limited license to use Customer Data solely to provide, secure and support the Service and "
            "as otherwise instructed by Customer in writing. Provider shall not use Customer Data, whether or not de-identified, to train, fine-tune "
            "or otherwise improve any machine-learning or artificial-intelligence model made available to any other customer. Provider may use "
            "Usage Data to operate and improve the Service, provided it does not contain Customer Data.")
    if rng.random() < 0.6:
        parts.append(
            "7.5 Business Associate Agreement. To the extent Provider creates, receives, maintains or transmits protected health information on "
            "Customer's behalf, the Parties shall enter into Provider's standard Business Associate Agreement, which shall prevail over this "
            "Agreement with respect to such information.")

    parts.append("8. SERVICE LEVELS AND SUPPORT")
    parts.append(
        "8.1 Availability. Provider shall use commercially reasonable efforts to make the Service available {} of the time in each calendar month, "
        "excluding (a) scheduled maintenance announced at least 48 hours in advance and performed between {} local time, (b) emergency maintenance, "
        "and (c) unavailability caused by factors outside Provider's reasonable control, including internet failures, Customer's systems or "
        "third-party services not provided by Provider.".format(uptime, rng.choice(["00:00 and 04:00", "22:00 and 02:00", "01:00 and 05:00"])))
    c1, c2, c3 = rng.choice([(5, 10, 25), (5, 15, 30), (10, 20, 30), (3, 10, 20)])
    parts.append(
        "8.2 Service Credits. If monthly availability falls below the commitment above, Customer shall be entitled, upon written request submitted "
        "within thirty (30) days after the end of the affected month, to a credit against future fees equal to {}% of the monthly subscription fee "
        "for availability between 99.0% and the commitment, {}% for availability between 95.0% and 99.0%, and {}% for availability below 95.0%. "
        "Service credits are Customer's sole and exclusive remedy for unavailability, except as provided in Section 8.3.".format(c1, c2, c3))
    parts.append(
        "8.3 Chronic Failure. If availability falls below 95.0% in {} of any {} consecutive months, Customer may terminate the affected Order Form "
        "upon written notice within thirty (30) days after the last such month and receive a pro-rata refund of prepaid fees for the remainder of "
        "the term.".format(*rng.choice([(2, 3), (3, 6), (3, 4)])))
    parts.append(
        "8.4 Support. Provider shall provide support by email and via its help portal during business hours ({}), with a target first-response time "
        "of {} for Severity 1 issues (Service unavailable or materially impaired for all users) and one business day for other issues. Premium "
        "Support, if purchased, extends Severity 1 coverage to 24x7 by telephone.".format(
            rng.choice(["8:00-18:00 US Eastern, Monday to Friday", "9:00-17:00 Customer's local time, excluding public holidays", "7:00-19:00 US Central, Monday to Friday"]),
            rng.choice(["one hour", "two hours", "four hours"])))

    parts.append("9. WARRANTIES AND DISCLAIMERS")
    parts.append(
        "9.1 Provider warrants that (a) the Service will perform materially in accordance with the Documentation, (b) Provider will not materially "
        "decrease the overall security of the Service during the Subscription Term, and (c) the Professional Services will be performed in a "
        "professional manner consistent with industry standards. Customer's exclusive remedy for breach of these warranties is for Provider to use "
        "reasonable efforts to correct the non-conformity and, if Provider cannot do so within {} days, for Customer to terminate the affected "
        "Order Form and receive a refund of prepaid fees for the remainder of the term.".format(rng.choice([30, 45, 60])))
    parts.append(
        "9.2 EXCEPT AS EXPRESSLY PROVIDED IN THIS AGREEMENT, NEITHER PARTY MAKES ANY WARRANTY OF ANY KIND, WHETHER EXPRESS, IMPLIED, STATUTORY OR "
        "OTHERWISE, AND EACH PARTY SPECIFICALLY DISCLAIMS ALL IMPLIED WARRANTIES, INCLUDING ANY WARRANTIES OF MERCHANTABILITY, FITNESS FOR A "
        "PARTICULAR PURPOSE OR NON-INFRINGEMENT, TO THE MAXIMUM EXTENT PERMITTED BY APPLICABLE LAW. ANY OUTPUT GENERATED BY AUTOMATED OR AI FEATURES "
        "OF THE SERVICE IS PROVIDED FOR INFORMATIONAL PURPOSES AND SHOULD BE REVIEWED BY CUSTOMER BEFORE IT IS RELIED UPON.")

    parts.append("10. INDEMNIFICATION")
    parts.append(
        "10.1 By Provider. Provider shall defend Customer against any claim brought by a third party alleging that the Service, as provided by "
        "Provider, infringes or misappropriates that third party's intellectual property rights, and shall indemnify Customer for any damages, "
        "attorney fees and costs finally awarded or agreed in settlement. If the Service becomes, or in Provider's opinion is likely to become, the "
        "subject of such a claim, Provider may procure the right for Customer to continue using it, modify it to be non-infringing, or terminate the "
        "affected subscription and refund prepaid fees for the remainder of the term.")
    parts.append(
        "10.2 By Customer. Customer shall defend Provider against any claim brought by a third party alleging that Customer Data, or Customer's use "
        "of the Service in breach of this Agreement, infringes that third party's rights or violates applicable law, and shall indemnify Provider "
        "for any damages, attorney fees and costs finally awarded or agreed in settlement.")
    parts.append(
        "10.3 Procedure. The indemnified Party shall give prompt written notice of the claim, sole control of its defense and settlement (except "
        "that no settlement may impose any liability or admission on the indemnified Party without its consent), and reasonable assistance at the "
        "indemnifying Party's expense.")

    parts.append("11. LIMITATION OF LIABILITY")
    parts.append(
        "11.1 IN NO EVENT SHALL EITHER PARTY'S AGGREGATE LIABILITY ARISING OUT OF OR RELATED TO THIS AGREEMENT EXCEED THE TOTAL AMOUNT PAID AND "
        "PAYABLE BY CUSTOMER HEREUNDER IN THE {} MONTHS PRECEDING THE EVENT GIVING RISE TO LIABILITY.".format(
            {3: "THREE (3)", 6: "SIX (6)", 12: "TWELVE (12)"}[cap_months]))
    parts.append(
        "11.2 NOTWITHSTANDING SECTION 11.1, EACH PARTY'S AGGREGATE LIABILITY FOR BREACH OF SECTION 6 (CONFIDENTIALITY) OR SECTION 7 (DATA "
        "PROTECTION AND SECURITY) SHALL NOT EXCEED {} TIMES THE AMOUNT DESCRIBED IN SECTION 11.1. THE LIMITATIONS IN THIS SECTION 11 SHALL NOT APPLY "
        "TO A PARTY'S INDEMNIFICATION OBLIGATIONS, CUSTOMER'S PAYMENT OBLIGATIONS, OR LIABILITY ARISING FROM GROSS NEGLIGENCE, FRAUD OR WILLFUL "
        "MISCONDUCT.".format({2: "TWO (2)", 3: "THREE (3)"}[supercap]))
    parts.append(
        "11.3 IN NO EVENT SHALL EITHER PARTY HAVE ANY LIABILITY TO THE OTHER FOR ANY LOST PROFITS OR REVENUES, LOSS OF GOODWILL, OR FOR ANY "
        "INDIRECT, SPECIAL, INCIDENTAL, CONSEQUENTIAL, COVER OR PUNITIVE DAMAGES, HOWEVER CAUSED, WHETHER IN CONTRACT, TORT OR UNDER ANY OTHER "
        "THEORY OF LIABILITY, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGES.")

    parts.append("12. INSURANCE")
    parts.append(
        "12.1 During the term and for one year thereafter, Provider shall maintain, with insurers rated A- or better by A.M. Best: commercial "
        "general liability insurance of at least $1,000,000 per occurrence; technology errors and omissions insurance of at least ${},000,000 per "
        "claim; cyber liability insurance, including coverage for notification costs and regulatory fines where insurable, of at least "
        "${},000,000; and workers' compensation insurance as required by law. Provider shall furnish certificates of insurance upon request.".format(
            rng.choice([2, 3, 5]), cyber_ins))

    parts.append("13. NON-SOLICITATION")
    parts.append(
        "13.1 During the term and for {} months thereafter, neither Party shall directly solicit for employment any employee of the other Party "
        "who was materially involved in the performance of this Agreement, provided that general solicitations not targeted at such employees, and "
        "hiring persons who respond to them, shall not breach this Section. {}".format(
            nonsolicit, rng.choice(["",
                                    "If a Party breaches this Section, it shall pay the other Party, as liquidated damages, an amount equal to fifty percent (50%) of the hired employee's first-year base salary.",
                                    "Either Party may waive this restriction in writing on a case-by-case basis."])).strip())

    parts.append("14. GENERAL")
    general = [
        "14.1 Governing Law and Venue. This Agreement is governed by the laws of the State of {}, without regard to its conflict-of-laws rules. "
        "The state and federal courts located in {} shall have exclusive jurisdiction over any dispute arising out of this Agreement, and each Party "
        "consents to the personal jurisdiction of those courts.".format(law, {"Delaware": "Wilmington, Delaware", "New York": "New York County, New York",
                                                                               "California": "San Francisco County, California", "Texas": "Travis County, Texas",
                                                                               "Illinois": "Cook County, Illinois", "Washington": "King County, Washington"}[law]),
        "14.2 Assignment. Neither Party may assign this Agreement without the other Party's prior written consent, not to be unreasonably withheld, "
        "except that either Party may assign it without consent to a successor in connection with a merger, acquisition or sale of all or "
        "substantially all of its assets, provided the assignee is not a direct competitor of the other Party.",
        "14.3 Force Majeure. Neither Party shall be liable for any failure or delay in performance (other than payment obligations) caused by "
        "events beyond its reasonable control, including acts of God, flood, fire, earthquake, pandemic, war, terrorism, labor disputes (other than "
        "those involving the affected Party's own employees), or failures of public utilities or telecommunications networks.",
        "14.4 Publicity. Provider may identify Customer as a customer in its marketing materials, including by use of Customer's name and logo, "
        "unless Customer opts out by written notice{}.".format(rng.choice(["", " to legal@provider.example at any time", " within thirty (30) days after the Effective Date"])),
        "14.5 Notices. Notices must be in writing and are deemed given when delivered personally, one business day after sending by recognized "
        "overnight courier, or upon confirmed receipt when sent by email to the addresses set out in the Order Form, with a copy by courier for "
        "notices of breach or termination.",
        "14.6 Entire Agreement; Order of Precedence. This Agreement, together with each Order Form and any exhibits, is the entire agreement between "
        "the Parties regarding its subject matter and supersedes all prior agreements. In case of conflict, an Order Form prevails over this "
        "Agreement, and this Agreement prevails over the Documentation. No terms in any Customer purchase order shall apply.",
        "14.7 Waiver; Severability; Counterparts. No failure or delay in exercising any right is a waiver of it. If any provision is held "
        "unenforceable, the remaining provisions remain in effect. This Agreement may be executed in counterparts, including by electronic signature.",
    ]
    parts.extend(general)

    parts.append("EXHIBIT A - ORDER FORM No. {}-{:04d}".format(eff_year, rng.randint(100, 9999)))
    lines = []
    core = seats * base_per_seat * 12
    total = 0
    for name, factor in modules:
        if factor == 1:
            amt = core
            lines.append("  - {}: {} Authorized Users x ${}/user/month = {} per year".format(name, seats, base_per_seat, _money(amt)))
        else:
            amt = round(core * factor, -2)
            lines.append("  - {}: {} per year".format(name, _money(amt)))
        total += amt
    if not any(f == 1 for _, f in modules):
        lines.insert(0, "  - Core Platform subscription: {} Authorized Users x ${}/user/month = {} per year".format(seats, base_per_seat, _money(core)))
        total += core
    parts.append("Customer: {}\nProvider: {}\nService: {}\nSubscription Term: {} months starting on the Effective Date".format(customer, vendor, product[0], term))
    parts.append("Subscribed components:\n" + "\n".join(lines))
    disc = rng.choice([0, 0, 5, 10, 12])
    if disc:
        parts.append("Multi-year commitment discount: {}% applied to the annual subscription total, which is therefore {} per year (list {}). The discount does not carry over to any Renewal Term.".format(
            disc, _money(total * (100 - disc) / 100), _money(total)))
    else:
        parts.append("Annual subscription total: {} per year.".format(_money(total)))
    parts.append("One-time implementation fee: {} (includes data migration of up to {} historical records, {} remote training sessions and a named implementation manager).".format(
        _money(impl_fee), rng.choice(["250,000", "1 million", "5 million"]), rng.choice([2, 3, 4, 6])))
    parts.append("Special terms: " + rng.choice([
        "Fees for the first Renewal Term are capped at a {}% increase notwithstanding Section 4.4.".format(max(1, uplift - 2)),
        "Customer may add up to 20% more Authorized Users during the first year at the same per-user price, prorated.",
        "Provider will waive the implementation fee if Customer signs the Order Form within fifteen (15) days of the quote date.",
        "None.",
    ]))
    parts.append("IN WITNESS WHEREOF, the Parties have executed this Agreement as of the Effective Date.\n\n{}\nBy: ____________________  Name: {}  Title: {}\n\n{}\nBy: ____________________  Name: {}  Title: {}".format(
        vendor, rng.choice(["Dana Whitfield", "Rahul Menon", "Claire Beaumont", "Marcus Ortega"]), rng.choice(["Chief Revenue Officer", "VP Sales", "General Counsel"]),
        customer, rng.choice(["Erin Kowalski", "Samuel Adeyemi", "Linda Tran", "Gregory Hale"]), rng.choice(["Chief Operating Officer", "CFO", "Managing Partner", "Director of Operations"])))
    text = "\n\n".join(parts)
    return text, {"customer": customer, "vendor": vendor}


_COMPANIES = [
    {
        "name": "Northwind Outdoor Group", "ticker": "NWOG", "ceo": "Karen Lindqvist", "cfo": "Tomás Herrera", "ir": "Beth Okafor",
        "segments": ["Footwear", "Apparel", "Equipment"],
        "drivers": ["strong sell-through of our trail-running line", "full-price selling in our direct-to-consumer channel",
                    "a better-than-expected back-to-school season", "new wholesale doors with two national sporting-goods chains",
                    "our loyalty program, which passed four million members", "the relaunch of our waterproof shell collection"],
        "headwinds": ["elevated promotional activity across the wholesale channel", "a warm start to the winter season in North America",
                      "freight and duty costs on goods sourced from Vietnam", "soft demand in our European wholesale business"],
        "initiatives": ["the rollout of our new distribution center in Reno", "our resale and repair program", "the expansion into Japan and Korea through our distributor partnership", "the replatforming of our e-commerce site"],
    },
    {
        "name": "Halvorsen Logistics", "ticker": "HLVL", "ceo": "Erik Halvorsen", "cfo": "Priya Raman", "ir": "Jonah Mercer",
        "segments": ["Truckload", "Intermodal", "Warehousing"],
        "drivers": ["new dedicated-fleet contracts in the Southeast", "higher utilization in our cross-dock network",
                    "improved empty-mile ratios from our routing software", "e-commerce fulfilment volume from two new retail customers",
                    "contractual rate increases that took effect in the second quarter", "strong cold-chain demand"],
        "headwinds": ["a still-soft spot market for truckload rates", "driver wage inflation", "higher insurance premiums and claims costs",
                      "lower rail service reliability on two key lanes"],
        "initiatives": ["the conversion of 300 tractors to renewable diesel", "our new automated warehouse in Columbus", "the consolidation of our dispatch centers", "the integration of the Pacific Reefer acquisition"],
    },
    {
        "name": "Brightpath Foods", "ticker": "BPF", "ceo": "Monica Delacroix", "cfo": "Samuel Whitaker", "ir": "Grace Lin",
        "segments": ["Snacks", "Frozen", "Beverages"],
        "drivers": ["volume growth in our better-for-you snack brands", "distribution gains in club and convenience stores",
                    "the launch of our protein bar line", "price increases taken last year that have now lapped",
                    "productivity savings from our network optimization", "strong performance of our frozen breakfast items"],
        "headwinds": ["cocoa and sugar cost inflation", "retailer inventory destocking", "private-label competition in frozen",
                      "weaker consumer traffic among lower-income households"],
        "initiatives": ["our new plant in Monterrey", "a revamped revenue-growth-management program", "the divestiture of our canned soup business", "a digital media partnership with a major retailer"],
    },
    {
        "name": "Corvane Software", "ticker": "CRVN", "ceo": "Aditi Sharma", "cfo": "Michael Brandt", "ir": "Olivia Reyes",
        "segments": ["Cloud Subscriptions", "Professional Services", "Payments"],
        "drivers": ["strong net new ARR from mid-market customers", "adoption of our AI assistant add-on", "a record quarter for multi-product deals",
                    "higher take rates in our payments business", "expansion within our top 100 accounts", "improved sales productivity after last year's reorganization"],
        "headwinds": ["elongated sales cycles for large enterprise deals", "a shift toward lower-margin services work in Europe", "FX headwinds from a stronger dollar",
                      "higher cloud hosting costs as AI usage grows"],
        "initiatives": ["the general availability of our new analytics module", "the move of our remaining workloads to a single cloud provider", "our partner program with systems integrators", "a new packaging and pricing model launching next quarter"],
    },
]

_ANALYSTS = [("Rachel Kim", "Morgan Lowell"), ("David Chen", "Barclay Reid"), ("Sofia Marin", "Piper Sands & Co"), ("James O'Connell", "Keystone Capital"),
             ("Anita Desai", "Wexford Securities"), ("Lucas Moreau", "Crestline Research"), ("Hannah Goldberg", "Summit Ridge Partners"),
             ("Tyler Brooks", "Halyard Equity"), ("Mei Tanaka", "Granite Peak Advisors"), ("Omar Farouk", "Redwood Harbor"),
             ("Elena Petrova", "Atlas Street"), ("Chris Nguyen", "Bayfront Capital Markets")]


def gen_earnings(rng, size=1, co=None, q=None, fy=None):
    """EN: quarterly earnings call transcript; size 1..3 controls Q&A length."""
    co = co or rng.choice(_COMPANIES)
    q = q or rng.choice(["first", "second", "third", "fourth"])
    fy = fy or rng.choice([2024, 2025])
    rev = rng.randint(380, 2400)
    growth = round(rng.uniform(-4.0, 14.0), 1)
    gm = round(rng.uniform(28.0, 62.0), 1)
    gm_chg = rng.choice([-140, -90, -40, 30, 60, 110, 180])
    opm = round(gm - rng.uniform(14.0, 24.0), 1)
    eps = round(rng.uniform(0.18, 2.40), 2)
    eps_cons = round(eps + rng.choice([-0.06, -0.03, 0.02, 0.04, 0.07, 0.11]), 2)
    fcf = rng.randint(20, 320)
    cash = rng.randint(180, 1900)
    lev = round(rng.uniform(0.4, 2.9), 1)
    buyback = rng.choice([0, 50, 100, 150, 250])
    g_lo = round(growth + rng.uniform(-4, 1), 0)
    g_hi = g_lo + rng.choice([1, 2, 3])
    prior_lo = g_lo + rng.choice([-2, -1, 0, 1, 2])
    prior_hi = prior_lo + (g_hi - g_lo)
    if prior_lo < g_lo:
        guide_word = "raising"
    elif prior_lo > g_lo:
        guide_word = "lowering"
    else:
        guide_word = "reaffirming"
    eps_lo = round(eps * rng.uniform(3.4, 3.9), 2)
    eps_hi = round(eps_lo + rng.choice([0.10, 0.15, 0.20, 0.25]), 2)
    seg = co["segments"]
    seg_share = [0.5, 0.3, 0.2]
    rng.shuffle(seg_share)
    g0, g1 = growth + rng.uniform(-5, 5), growth + rng.uniform(-5, 5)
    g2 = (growth - seg_share[0] * g0 - seg_share[1] * g1) / seg_share[2]
    seg_g = [round(g0, 1), round(g1, 1), round(g2, 1)]
    ceo, cfo, ir = co["ceo"], co["cfo"], co["ir"]
    date = "{} {}, {}".format(rng.choice(["January", "April", "May", "July", "August", "October", "November"]), rng.randint(2, 28), fy if q != "fourth" else fy + 1)

    P = []
    P.append("{} ({}) Q{} FY{} Earnings Call Transcript\n{}".format(co["name"], co["ticker"], ["first", "second", "third", "fourth"].index(q) + 1, fy, date))
    P.append("Operator: Good day, and welcome to the {name} {q} quarter fiscal {fy} earnings conference call. All participants are in a listen-only mode. "
             "After the speakers' presentation there will be a question-and-answer session. Please note that today's conference is being recorded. "
             "I would now like to hand the conference over to your host, {ir}, Vice President of Investor Relations. Please go ahead.".format(name=co["name"], q=q, fy=fy, ir=ir))
    P.append("{ir}: Thank you, operator, and good {tod}, everyone. With me on the call today are {ceo}, our Chief Executive Officer, and {cfo}, our Chief Financial Officer. "
             "Before we begin, let me remind you that today's remarks include forward-looking statements, including statements about our outlook, strategy and expected "
             "financial performance. These statements are subject to risks and uncertainties that could cause actual results to differ materially; please refer to the "
             "risk factors in our most recent annual report. We will also discuss non-GAAP measures, and reconciliations to the most comparable GAAP measures are available "
             "in the press release posted on our investor relations website. With that, I'll turn the call over to {ceo_first}.".format(
                 ir=ir, tod=rng.choice(["morning", "afternoon"]), ceo=ceo, cfo=cfo, ceo_first=ceo.split()[0]))
    d = rng.sample(co["drivers"], 4)
    h = rng.sample(co["headwinds"], 2)
    ini = rng.sample(co["initiatives"], 3)
    P.append("{ceo}: Thanks, {irf}, and thank you all for joining us. I'll start with the headline: we delivered revenue of ${rev:,} million in the quarter, {dir} {g}% "
             "year over year, and adjusted earnings per share of ${eps}, {beat} consensus. {tone} The quarter was driven by {d0} and by {d1}, partly offset by {h0}.".format(
                 ceo=ceo, irf=ir.split()[0], rev=rev, dir="up" if growth >= 0 else "down", g=abs(growth), eps="{:.2f}".format(eps),
                 beat="ahead of" if eps > eps_cons else ("in line with" if eps == eps_cons else "below"),
                 tone=rng.choice(["I'm proud of how the team executed in what remains a choppy environment.",
                                  "This was not a perfect quarter, but the underlying trends are moving in the right direction.",
                                  "We said last quarter that the business was stabilizing, and these results bear that out.",
                                  "Frankly, some parts of the portfolio did not perform as well as we wanted, and I'll be candid about those today."]),
                 d0=d[0], d1=d[1], h0=h[0]))
    colors = rng.sample([
                "We saw particular strength from {}, and our order book heading into next quarter is healthier than it was a year ago.".format(d[2]),
                "Performance here was held back by {}, and we have taken specific actions on pricing and cost to respond.".format(h[1]),
                "The team continued to benefit from {}, and we expect that momentum to carry into the second half.".format(d[3]),
                "This business is still smaller than we'd like, but customer retention improved for the fourth consecutive quarter.",
                "Margins in this segment expanded as we exited several low-return contracts, which cost us some top-line growth but was the right call.",
            ], 3)
    for i, s in enumerate(seg):
        P.append("{ceo_first}: In {s}, which represents roughly {share}% of sales, revenue {dir} {g}%. {color}".format(
            ceo_first=ceo.split()[0], s=s, share=int(seg_share[i] * 100), dir="grew" if seg_g[i] >= 0 else "declined", g=abs(seg_g[i]), color=colors[i]))
    P.append("{ceo_first}: Let me spend a minute on our strategic priorities. First, {i0} remains on track, and we expect it to contribute meaningfully to efficiency by the end of "
             "next fiscal year. Second, {i1} is progressing, though more slowly than we planned; we now expect completion roughly one quarter later than we said in our last call. "
             "Third, we continue to invest behind {i2}, where early results have exceeded our internal targets. Across all three, we are being disciplined about capital and "
             "we will not chase growth that does not earn an acceptable return.".format(ceo_first=ceo.split()[0], i0=ini[0], i1=ini[1], i2=ini[2]))
    P.append("{ceo_first}: Before I hand over to {cfo_first}, I want to thank our {n:,} employees for their work this quarter. {extra} With that, {cfo_first}?".format(
        ceo_first=ceo.split()[0], cfo_first=cfo.split()[0], n=rng.randint(2, 40) * 500,
        extra=rng.choice(["Our safety record in the quarter was the best in the company's history.",
                          "Employee engagement scores rose again in our latest survey, and voluntary turnover is at a five-year low.",
                          "We also welcomed a new Chief Operating Officer, who joins us from a much larger peer and brings deep operational experience.",
                          ""])).replace("  ", " "))
    P.append("{cfo}: Thank you, {ceo_first}, and good {tod}, everyone. Revenue for the quarter was ${rev:,} million, {dir} {g}% compared with the prior year. On a constant-currency "
             "basis, revenue {cc}. Adjusted gross margin was {gm}%, {gmdir} {gmc} basis points year over year, primarily reflecting {why}.".format(
                 cfo=cfo, ceo_first=ceo.split()[0], tod=rng.choice(["morning", "afternoon"]), rev=rev, dir="up" if growth >= 0 else "down", g=abs(growth),
                 cc="grew {}%".format(round(growth + rng.uniform(0.3, 2.1), 1)) if rng.random() < 0.6 else "was roughly in line with reported growth",
                 gm=gm, gmdir="an increase of" if gm_chg > 0 else "a decrease of", gmc=abs(gm_chg),
                 why=(rng.choice(["favorable mix and lower input costs", "productivity savings and pricing", "a lower level of promotional activity"]) if gm_chg > 0
                      else rng.choice(["higher input and freight costs", "unfavorable mix and start-up costs at a new facility", "increased promotional investment"]))))
    P.append("{cfo_first}: Adjusted operating expenses were {opx}% of revenue, {opxdir} as we {opxwhy}. Adjusted operating margin was {opm}%. Net interest expense was ${int_} million, "
             "and our adjusted effective tax rate was {tax}%. Adjusted diluted EPS was ${eps} compared with ${eps_py} in the prior-year quarter.".format(
                 cfo_first=cfo.split()[0], opx=round(gm - opm, 1), opxdir=rng.choice(["slightly higher than last year", "down about 50 basis points", "roughly flat"]),
                 opxwhy=rng.choice(["continued to invest in technology and marketing", "lapped one-time severance costs", "benefited from our cost program"]),
                 opm=opm, int_=rng.randint(4, 38), tax=round(rng.uniform(19.5, 26.5), 1), eps="{:.2f}".format(eps), eps_py="{:.2f}".format(round(eps / (1 + growth / 100 + rng.uniform(-0.05, 0.08)), 2))))
    P.append("{cfo_first}: Turning to the balance sheet and cash flow. We ended the quarter with ${cash:,} million in cash and equivalents, and net leverage of {lev} times adjusted EBITDA, "
             "{levcmp} our target range of 1.5 to 2.5 times. Free cash flow in the quarter was ${fcf} million, {fcfcmp}. Capital expenditures were ${capex} million, and we continue to expect "
             "full-year capex of ${capex_lo} to ${capex_hi} million. {bb}".format(
                 cfo_first=cfo.split()[0], cash=cash, lev=lev, levcmp="within" if 1.5 <= lev <= 2.5 else ("below" if lev < 1.5 else "above"), fcf=fcf,
                 fcfcmp=rng.choice(["a significant improvement driven by lower inventory", "down from last year due to the timing of tax payments", "in line with our plan"]),
                 capex=rng.randint(12, 90), capex_lo=rng.randint(100, 200), capex_hi=rng.randint(210, 320),
                 bb=("During the quarter we repurchased ${} million of our shares, and the board has authorized an additional ${} million program.".format(buyback, buyback * 4) if buyback
                     else "We did not repurchase shares this quarter, as we prioritized debt reduction.")))
    P.append("{cfo_first}: Now to our outlook. For the full fiscal year, we are {gw} our revenue growth guidance to a range of {lo:.0f}% to {hi:.0f}%{prior}. We expect adjusted EPS in the range of "
             "${elo:.2f} to ${ehi:.2f}. Our guidance assumes {assume}. For the next quarter specifically, we expect revenue growth at the {pos} end of the annual range, and gross margin "
             "{gmout}. With that, operator, we're ready to take questions.".format(
                 cfo_first=cfo.split()[0], gw=guide_word, lo=g_lo, hi=g_hi,
                 prior=" from the {:.0f}% to {:.0f}% we gave last quarter".format(prior_lo, prior_hi) if guide_word != "reaffirming" else "",
                 elo=eps_lo, ehi=eps_hi,
                 assume=rng.choice(["no significant change in the macroeconomic environment", "current exchange rates and no further tariff changes",
                                    "a modest recovery in consumer demand in the second half", "stable input costs at current spot prices"]),
                 pos=rng.choice(["low", "middle", "high"]), gmout=rng.choice(["roughly flat year over year", "down slightly as we absorb start-up costs", "up 50 to 100 basis points"])))

    topics = [
        ("guidance", "{a}: Thanks for taking my question. {c}, can you help us bridge the change in the full-year revenue guide? How much of it is volume versus price, and what's embedded for the fourth quarter?",
         "{cfo_first}: Sure, {af}. The {gw} of the range is mostly a volume story. Pricing is contributing roughly {p} points for the year, which is a bit {pv} than we assumed in the spring. "
         "For the fourth quarter, we're assuming growth a little below the annual midpoint, because we are lapping a strong comparison and we want to leave ourselves some room if {h} persists."),
        ("margin", "{a}: Great, thank you. I wanted to dig into gross margin. You were {gmdir} {gmc} basis points this quarter. How should we think about the cadence for the rest of the year, and is there anything structural in there?",
         "{cfo_first}: Good question. Some of what you saw this quarter is timing, but not all of it. About half of the change comes from mix, which we think is durable, and the other half from {why2}, "
         "which should normalize over the next two quarters. We're not going to give a quarterly margin guide, but directionally I'd expect the second half to look better than the first."),
        ("segment", "{a}: Thanks. {ce}, on {s}, growth was {sg}% this quarter. What gives you confidence that trend is sustainable, and how are you thinking about investment there?",
         "{ceo_first}: {af}, we look at leading indicators there, things like order intake, customer retention and pipeline coverage, and all three improved sequentially. We are going to keep investing, "
         "but in a more targeted way. You should not expect a step-up in spending; you should expect us to reallocate from lower-return areas."),
        ("capital", "{a}: Maybe one on capital allocation. With leverage at {lev} times, how do you rank buybacks, M&A and debt paydown from here?",
         "{cfo_first}: Our priorities haven't changed. First, we fund the organic plan. Second, we keep leverage inside our target range. Beyond that, we'll return excess cash to shareholders. "
         "On M&A, we look at a lot of things, but the bar is high, and we'd only do something that's clearly strategic and accretive within two years."),
        ("headwind", "{a}: Hi, thanks. You called out {h} as a headwind. Can you size that for us, and what are you doing to offset it?",
         "{ceo_first}: It's real, and we don't want to pretend otherwise. On our estimate, it cost us somewhere between 50 and 100 basis points of growth this quarter. We've responded with "
         "tighter inventory management, some targeted pricing actions and a renewed focus on {d}. We think we can neutralize most of it by the middle of next year."),
        ("initiative", "{a}: Could you give us an update on {i}? You mentioned some delay. What happened, and does it change the savings target?",
         "{ceo_first}: The delay is mostly about sequencing. We found that running the old and new systems in parallel for longer was the safer path, and that pushed the timeline out by about a quarter. "
         "We are not changing the savings target, but the phasing moves: less benefit this year, more next year. We'll give you a fuller update at our investor day."),
        ("demand", "{a}: Thanks for the question. Can you talk about what you're seeing in demand so far this quarter? Any change in customer behavior in the last few weeks?",
         "{ceo_first}: Quarter-to-date trends are consistent with the guidance we just gave. We're seeing customers be a bit more cautious and making decisions closer to need, "
         "but we're not seeing cancellations or anything that looks like a break in demand. If anything, the last three weeks have been slightly better than the first three."),
        ("cost", "{a}: On the cost program, you've talked about run-rate savings. How much has been realized so far, and how much is being reinvested versus dropping to the bottom line?",
         "{cfo_first}: We've realized about {pct}% of the run-rate target so far. Roughly a third of the savings is being reinvested, mainly in technology and in our sales organization, and the rest "
         "should flow through to margins. We're confident in reaching the full target by the end of next fiscal year."),
        ("competition", "{a}: Thank you. We're hearing more about aggressive pricing from competitors. Are you seeing that, and are you willing to give up share to protect margin?",
         "{ceo_first}: We see it in pockets, not across the board. Our philosophy is that we'll compete on value rather than price, and we're prepared to walk away from business that doesn't meet our return "
         "thresholds. That said, in the areas that matter most strategically, we'll defend our position. Our win rates this quarter were actually up slightly."),
        ("labor", "{a}: Quick one on labor. What are you assuming for wage inflation next year, and are you seeing any change in turnover or hiring?",
         "{cfo_first}: We're planning for wage inflation in the 3.5% to 4% range, which is lower than the last two years. Turnover is down meaningfully, which helps productivity and reduces training costs. "
         "Hiring has become easier in most of our markets, though certain specialized roles remain tight."),
        ("fx", "{a}: Can you quantify the currency impact embedded in the guide, and whether there's any hedging benefit rolling off?",
         "{cfo_first}: At current rates, FX is about a one-point headwind to full-year revenue and a slightly smaller headwind to EPS because of natural hedges in our cost base. Our hedge book runs "
         "about twelve months out, so there is some benefit rolling off in the back half that we've included in the guide."),
        ("ai", "{a}: Everybody is asking about AI. Where are you actually using it in the business today, and is any of that showing up in the numbers yet?",
         "{ceo_first}: We're being pragmatic about it. Today we use it mainly in customer service, forecasting and some back-office processes. The benefits are real but modest so far, mostly in productivity. "
         "I'd rather under-promise here. We're not building our financial targets around AI, but we expect it to be a tailwind to our efficiency goals."),
        ("inventory", "{a}: Just on working capital, inventories were {inv} year over year. How comfortable are you with current levels, and what's the plan for the rest of the year?",
         "{cfo_first}: We're comfortable. The composition of inventory is healthier than a year ago, with aged stock down significantly. We expect inventory to end the year roughly in line with sales growth, "
         "which should support another year of solid free cash flow conversion."),
    ]
    n_q = {1: 5, 2: 8, 3: 12}[size]
    chosen = rng.sample(topics, n_q)
    analysts = rng.sample(_ANALYSTS, min(len(_ANALYSTS), n_q))
    fu = rng.sample([
        ("is any of that already in the guide?", "Yes, it's fully reflected in the range we gave today, and we haven't assumed any recovery beyond what we're seeing now."),
        ("does the buyback assumption change at all?", "No change to our assumptions there. The share count in the guide assumes we complete the current authorization."),
        ("should we expect more of this in the fourth quarter?", "I'd treat it as mostly one-off, but we'll know more in a quarter and we'll tell you if that changes."),
        ("is that a trend or a one-off?", "Some of it is structural, yes. We've been deliberately conservative in how much of it we've built into the outlook."),
        ("what's the tax rate assumption for the full year?", "We're assuming an adjusted effective tax rate of roughly 23 to 24 percent for the year, similar to last year."),
        ("how many weeks of that fall into next quarter?", "About five of the thirteen weeks, so you'll see a partial impact next quarter and the full run-rate after that."),
        ("did pricing contribute to the segment growth?", "A little, maybe a point. The majority of the growth was volume and mix."),
        ("any change to the long-term margin target?", "No. We continue to see a path to our long-term margin target, it just takes a bit longer than we hoped a year ago."),
    ], 8)
    P.append("Question-and-Answer Session")
    for k, ((_tag, qt, at), (aname, firm)) in enumerate(zip(chosen, analysts, strict=True)):
        P.append("Operator: {}Our {} question comes from {} with {}. Your line is open.".format(
            "" if k else "Thank you. We will now begin the question-and-answer session. ", "first" if k == 0 else "next", aname, firm))
        fmt = dict(a=aname, af=aname.split()[0], c=cfo.split()[0], ce=ceo.split()[0], cfo_first=cfo.split()[0], ceo_first=ceo.split()[0],
                   gw="lowering" if guide_word == "lowering" else ("raise" if guide_word == "raising" else "midpoint"), p=rng.choice([2, 3, 4]),
                   pv=rng.choice(["higher", "lower"]), h=rng.choice(h), gmdir="up" if gm_chg > 0 else "down", gmc=abs(gm_chg),
                   why2=rng.choice(["freight costs", "start-up inefficiencies", "a one-time inventory write-down", "promotional timing"]),
                   s=seg[k % 3], sg=seg_g[k % 3], lev=lev, d=rng.choice(d), i=ini[1], pct=rng.choice([40, 55, 60, 70]),
                   inv=rng.choice(["down 8%", "up 4%", "down 14%", "flat"]))
        P.append(qt.format(**fmt))
        P.append(at.format(**fmt))
        if rng.random() < 0.4 and fu:
            fq, fa = fu.pop()
            P.append("{}: {} {}".format(aname, rng.choice(["Thanks. And just a quick follow-up:", "Helpful. One clarification:", "Got it. If I could squeeze one more in:", "Okay. And one housekeeping item:"]), fq))
            P.append("{}: {}".format(rng.choice([ceo, cfo]).split()[0], fa))
    P.append("Operator: There are no further questions at this time. I'd like to turn the call back over to {} for closing remarks.".format(ceo))
    P.append("{}: Thank you, operator, and thanks to everyone for your questions. To summarize: {} We look forward to updating you next quarter. Have a good {}.".format(
        ceo.split()[0], rng.choice(["we delivered a solid quarter, we're {} our outlook, and we remain focused on execution.".format(guide_word),
                                    "the fundamentals of the business are sound, our balance sheet is strong, and we have clear priorities for the year ahead.",
                                    "there is more work to do, but I'm confident we're on the right path."]), rng.choice(["day", "evening", "rest of your week"])))
    P.append("Operator: This concludes today's conference call. Thank you for participating. You may now disconnect.")
    return "\n\n".join(P), {"company": co["name"], "guide": guide_word}


def gen_earnings_pair(rng, size=1):
    """EN: two consecutive quarters' transcripts of the same company."""
    co = rng.choice(_COMPANIES)
    fy = rng.choice([2024, 2025])
    qi = rng.randint(0, 2)
    qs = ["first", "second", "third", "fourth"]
    a, _ = gen_earnings(rng, size, co=co, q=qs[qi], fy=fy)
    b, _ = gen_earnings(rng, size, co=co, q=qs[qi + 1], fy=fy)
    return "[TRANSCRIPT 1]\n\n" + a + "\n\n[TRANSCRIPT 2]\n\n" + b, {"company": co["name"]}


_TRIALS = [
    {
        "title": "Effect of Home Blood Pressure Telemonitoring With Pharmacist Management on Blood Pressure Control in Adults With Uncontrolled Hypertension",
        "short": "telemonitoring", "condition": "uncontrolled hypertension", "pop": "adults aged 40 to 80 years with a clinic systolic blood pressure of 140 mm Hg or higher despite at least one antihypertensive medication",
        "interv": "home blood pressure telemonitoring with transmission of readings to a clinical pharmacist, who adjusted medications under a collaborative practice agreement",
        "control": "usual care, consisting of home blood pressure monitoring without transmission and routine follow-up with the primary care physician",
        "outcome": "change in 24-hour ambulatory systolic blood pressure", "unit": "mm Hg", "base": 148.0, "dir": -1,
        "secondary": ["proportion of participants with clinic blood pressure below 130/80 mm Hg", "number of antihypertensive medication classes", "medication adherence measured by pill count", "health-related quality of life (EQ-5D)"],
        "ae": ["dizziness", "hyperkalemia", "acute kidney injury", "syncope", "peripheral edema"],
        "mech": "more frequent titration of medication, enabled by timely access to home readings, rather than any direct effect of monitoring itself",
    },
    {
        "title": "Time-Restricted Eating Versus Daily Calorie Restriction for Weight Loss in Adults With Obesity",
        "short": "time-restricted eating", "condition": "obesity", "pop": "adults aged 18 to 70 years with a body mass index between 30 and 45",
        "interv": "time-restricted eating, with all food consumed within an 8-hour window between 10:00 and 18:00 and no explicit calorie target",
        "control": "daily calorie restriction of 25% below estimated energy requirements without restriction on meal timing",
        "outcome": "percentage change in body weight", "unit": "%", "base": 0.0, "dir": -1,
        "secondary": ["change in waist circumference", "change in fasting glucose and HbA1c", "change in LDL cholesterol", "adherence to the assigned regimen"],
        "ae": ["headache", "fatigue", "constipation", "dizziness", "irritability"],
        "mech": "a spontaneous reduction in energy intake that was similar in magnitude to that achieved by deliberate calorie counting",
    },
    {
        "title": "Vitamin D3 Supplementation and Risk of Acute Respiratory Infection in Older Adults Living in Long-Term Care Facilities",
        "short": "vitamin D", "condition": "vitamin D insufficiency", "pop": "residents of long-term care facilities aged 65 years or older with a serum 25-hydroxyvitamin D level below 30 ng/mL",
        "interv": "oral vitamin D3 at 2000 IU daily for 12 months", "control": "matching placebo capsules taken daily for 12 months",
        "outcome": "incidence of acute respiratory infection per person-year", "unit": "episodes per person-year", "base": 1.10, "dir": -1,
        "secondary": ["hospitalization for respiratory infection", "falls", "serum 25-hydroxyvitamin D concentration at 12 months", "all-cause mortality"],
        "ae": ["hypercalcemia", "kidney stones", "gastrointestinal upset", "falls with injury", "hospitalization"],
        "mech": "correction of deficiency, which may enhance innate immune responses, although the trial was not designed to test mechanism",
    },
    {
        "title": "Supervised Exercise Therapy Versus Physiotherapist-Guided Home Exercise for Chronic Nonspecific Low Back Pain",
        "short": "supervised exercise", "condition": "chronic low back pain", "pop": "adults aged 18 to 65 years with nonspecific low back pain lasting at least 12 weeks",
        "interv": "twice-weekly supervised group exercise sessions for 12 weeks, combining motor control, strengthening and graded activity",
        "control": "a single physiotherapy consultation followed by a home exercise program supported by a printed booklet and two phone calls",
        "outcome": "change in the Roland-Morris Disability Questionnaire score (0-24)", "unit": "points", "base": 11.5, "dir": -1,
        "secondary": ["pain intensity on a 0-10 numeric rating scale", "days off work", "use of analgesic medication", "global perceived effect"],
        "ae": ["muscle soreness", "increase in back pain", "knee pain", "falls during exercise", "ankle sprain"],
        "mech": "improved confidence with movement and reduced fear-avoidance beliefs, as suggested by the secondary analyses, rather than large gains in trunk strength",
    },
]


def _fmt_p(p):
    return "P < .001" if p < 0.001 else "P = {:.2f}".format(p) if p >= 0.01 else "P = {:.3f}".format(p)


def gen_trial(rng, size=1):
    """EN: randomized clinical trial article."""
    t = rng.choice(_TRIALS)
    n = rng.choice([184, 240, 312, 368, 420, 506, 618])
    n_i = n // 2 + rng.randint(-3, 3)
    n_c = n - n_i
    sites = rng.randint(3, 24)
    country = rng.choice(["the United States", "the Netherlands", "Canada", "Australia", "the United Kingdom", "Denmark", "Spain"])
    years = rng.choice([("March 2019", "November 2021"), ("January 2020", "June 2022"), ("September 2021", "April 2023"), ("May 2018", "December 2020")])
    months = rng.choice([6, 12, 12, 18])
    age = round(rng.uniform(48, 74), 1)
    female = rng.randint(38, 66)
    retention = round(rng.uniform(81, 96), 1)
    significant = rng.random() < 0.6
    if t["short"] in ("telemonitoring",):
        eff = round(rng.uniform(3.0, 8.5) if significant else rng.uniform(0.4, 1.9), 1)
    elif t["short"] == "time-restricted eating":
        eff = round(rng.uniform(0.9, 2.2) if significant else rng.uniform(-0.6, 0.5), 1)
    elif t["short"] == "vitamin D":
        eff = round(rng.uniform(0.12, 0.28) if significant else rng.uniform(-0.04, 0.06), 2)
    else:
        eff = round(rng.uniform(1.6, 3.4) if significant else rng.uniform(0.2, 1.0), 1)
    half = abs(eff) * (rng.uniform(0.35, 0.8) if significant else rng.uniform(1.2, 2.4)) + 0.1
    ci = (round(eff - half, 2), round(eff + half, 2))
    p = rng.uniform(0.0002, 0.03) if significant else rng.uniform(0.12, 0.81)
    ae_rate_i = round(rng.uniform(8, 31), 1)
    ae_rate_c = round(ae_rate_i - rng.uniform(-4, 9), 1)
    sae_i, sae_c = rng.randint(2, 14), rng.randint(1, 12)
    funder = rng.choice(["the National Institutes of Health", "a national health research council", "a philanthropic foundation", "the manufacturer of the study devices, which had no role in the analysis"])
    reg = "NCT0{}".format(rng.randint(3000000, 5999999))
    journal_n = rng.randint(2, 48)

    P = []
    P.append(t["title"] + ": A Randomized Clinical Trial")
    P.append("Key Points\nQuestion: Does {} improve {} compared with {}?\nFindings: In this randomized clinical trial of {} adults, {}.\nMeaning: {}".format(
        t["interv"].split(",")[0], t["outcome"], t["control"].split(",")[0], n,
        ("the intervention group had a greater {} at {} months (difference, {} {}; 95% CI, {} to {})".format(t["outcome"].replace("change in ", "improvement in "), months, eff, t["unit"], ci[0], ci[1]) if significant
         else "there was no statistically significant difference in the primary outcome at {} months".format(months)),
        ("These findings support {} as an option for {}, although effects on longer-term outcomes remain uncertain.".format(t["short"], t["condition"]) if significant
         else "These findings do not support routine use of {} for this purpose; other outcomes and subgroups may warrant further study.".format(t["short"]))))
    P.append("Abstract")
    cond_cap = t["condition"][0].upper() + t["condition"][1:]
    P.append("IMPORTANCE {} is common and is associated with substantial morbidity and cost. {}".format(
        cond_cap,
        rng.choice(["Scalable interventions that can be delivered outside of specialist settings are needed.",
                    "Evidence from adequately powered randomized trials remains limited and inconsistent.",
                    "Prior studies were small, short, or at high risk of bias."])))
    P.append("OBJECTIVE To determine whether {} improves {} compared with {} among {}.".format(t["interv"], t["outcome"], t["control"], t["pop"]))
    P.append("DESIGN, SETTING, AND PARTICIPANTS This {}randomized clinical trial was conducted at {} sites in {} between {} and {}, with {} months of follow-up. A total of {} participants were randomized.".format(
        rng.choice(["parallel-group, ", "pragmatic, ", "multicenter, assessor-blinded, "]), sites, country, years[0], years[1], months, n))
    P.append("INTERVENTIONS Participants were randomized 1:1 to {} (n = {}) or {} (n = {}).".format(t["interv"], n_i, t["control"], n_c))
    P.append("MAIN OUTCOMES AND MEASURES The primary outcome was {} at {} months. Secondary outcomes included {}.".format(t["outcome"], months, ", ".join(t["secondary"])))
    P.append("RESULTS Among the {} randomized participants (mean [SD] age, {} [{}] years; {}% women), {}% completed the trial. {} Adverse events occurred in {}% of the intervention group and {}% of the control group.".format(
        n, age, round(rng.uniform(7, 13), 1), female, retention,
        ("At {} months, the between-group difference in the primary outcome was {} {} (95% CI, {} to {}; {}).".format(months, eff, t["unit"], ci[0], ci[1], _fmt_p(p))),
        ae_rate_i, ae_rate_c))
    P.append("CONCLUSIONS AND RELEVANCE {}".format(
        "In this trial, {} resulted in a statistically significant improvement in {} compared with {}. The clinical importance of the difference should be interpreted in light of {}.".format(
            t["short"], t["outcome"], t["control"].split(",")[0], rng.choice(["the modest effect size", "the open-label design", "the loss to follow-up"])) if significant else
        "In this trial, {} did not significantly improve {} compared with {}.".format(t["short"], t["outcome"], t["control"].split(",")[0])))
    P.append("TRIAL REGISTRATION ClinicalTrials.gov Identifier: {}".format(reg))

    P.append("Introduction")
    intro = [
        "{} affects a large and growing share of adults worldwide, and it is a leading contributor to disability and health care spending. Despite established guidelines, a substantial proportion of patients do not reach recommended treatment targets in routine practice, and the gap is wider in socioeconomically disadvantaged populations.".format(cond_cap),
        "Several mechanisms may explain the gap between guideline recommendations and real-world outcomes, including clinical inertia, limited time in primary care visits, patients' difficulty adhering to complex regimens, and the lack of timely feedback on whether treatment is working. Interventions that shift part of the work outside the clinic visit could address some of these barriers.",
        "Previous trials of {} have reported mixed results. Some small studies found clinically meaningful benefits, whereas others found no difference from usual care. Meta-analyses have been limited by heterogeneity in intervention intensity, short follow-up periods and a high risk of bias, particularly with respect to outcome assessment and attrition.".format(t["short"]),
        "We therefore conducted {}-month randomized clinical trial to test the hypothesis that {} would improve {} compared with {}, and to evaluate its effects on secondary outcomes, safety and adherence.".format(("an " if months in (8, 11, 18) else "a ") + str(months), t["interv"], t["outcome"], t["control"]),
    ]
    P.extend(intro)

    P.append("Methods")
    P.append("Trial Design and Oversight\nThe trial was approved by the institutional review board at each participating site, and all participants provided written informed consent. The protocol and statistical analysis plan were published before the database was locked. The trial was funded by {}. An independent data and safety monitoring board reviewed unblinded safety data every {} months. This report follows the Consolidated Standards of Reporting Trials (CONSORT) guideline.".format(funder, rng.choice([4, 6])))
    P.append("Participants\nEligible participants were {}. Key exclusion criteria were {}, pregnancy or plans to become pregnant, participation in another interventional study, and any condition that in the investigator's judgment would make adherence to the protocol unlikely. Participants were recruited through electronic health record queries, mailed invitations and referrals from clinicians.".format(
        t["pop"], rng.choice(["an estimated glomerular filtration rate below 30 mL/min/1.73 m2", "a history of eating disorder or bariatric surgery", "hypercalcemia or a history of kidney stones", "specific spinal pathology, recent spinal surgery or radicular pain with neurological deficit"])))
    P.append("Randomization and Blinding\nParticipants were randomized 1:1 using a computer-generated sequence with permuted blocks of variable size ({}), stratified by site and {}. Allocation was concealed through a central web-based system. {}".format(
        rng.choice(["2, 4 and 6", "4 and 8"]), rng.choice(["sex", "baseline severity", "age group (<65 vs >=65 years)"]),
        rng.choice(["Because of the nature of the intervention, participants and the clinicians delivering it could not be blinded; outcome assessors and the statistician were blinded to group assignment.",
                    "Participants, care staff and outcome assessors were blinded to group assignment; placebo capsules were identical in appearance and taste.",
                    "Outcome assessors were blinded. Participants were told that the study compared two active approaches, without being informed of the study hypothesis."])).replace("( ", "("))
    P.append("Interventions\nParticipants in the intervention group received {}. Staff delivering the intervention completed a standardized {}-hour training program, and fidelity was monitored by reviewing a random {}% sample of contacts. Participants in the control group received {}. Both groups received the same written educational material at baseline.".format(
        t["interv"], rng.choice([4, 6, 8, 12]), rng.choice([5, 10, 15]), t["control"]))
    P.append("Outcomes\nThe primary outcome was {} from baseline to {} months. Secondary outcomes were {}. Safety outcomes included prespecified adverse events ({}) and all serious adverse events. Outcomes were assessed at baseline, {} months and {} months by trained research staff.".format(
        t["outcome"], months, "; ".join(t["secondary"]), ", ".join(t["ae"]), months // 2, months))
    P.append("Statistical Analysis\nWe estimated that {} participants would provide {}% power to detect a between-group difference of {} {} in the primary outcome at a 2-sided significance level of .05, assuming a standard deviation of {} and {}% loss to follow-up. The primary analysis followed the intention-to-treat principle and used a linear mixed-effects model with fixed effects for group, time, group-by-time interaction and stratification variables, and a random intercept for participant. Missing data were handled by multiple imputation with 20 imputations under a missing-at-random assumption; sensitivity analyses included complete-case analysis and tipping-point analyses. Secondary outcomes were not adjusted for multiplicity and should be interpreted as exploratory.".format(
        rng.choice([n - 20, n, n + 24]), rng.choice([80, 85, 90]), round(abs(eff) * rng.uniform(0.8, 1.3) + 0.3, 1), t["unit"], round(abs(eff) * rng.uniform(2.2, 3.5) + 1, 1), rng.choice([10, 15, 20])))

    P.append("Results")
    screened = n * rng.randint(3, 7)
    P.append("Participant Flow and Baseline Characteristics\nOf {} individuals screened, {} were randomized: {} to the intervention group and {} to the control group (Figure 1). The most common reasons for exclusion were not meeting inclusion criteria ({}%) and declining to participate ({}%). Follow-up at {} months was completed by {}% of participants in the intervention group and {}% in the control group. Baseline characteristics were well balanced between groups (Table 1). Mean age was {} years, {}% were women, and {}% self-identified as belonging to a racial or ethnic minority group.".format(
        screened, n, n_i, n_c, rng.randint(48, 70), rng.randint(15, 30), months, round(retention + rng.uniform(-3, 2), 1), round(retention + rng.uniform(-2, 3), 1), age, female, rng.randint(9, 45)))
    base_i = t["base"] + rng.uniform(-1, 1) if t["base"] else 0
    P.append("Table 1. Baseline characteristics\nCharacteristic | Intervention (n = {ni}) | Control (n = {nc})\nAge, mean (SD), y | {a1} ({s1}) | {a2} ({s2})\nWomen, No. (%) | {w1} ({wp1}) | {w2} ({wp2})\nBody mass index, mean (SD) | {b1} ({bs1}) | {b2} ({bs2})\nDiabetes, No. (%) | {d1} ({dp1}) | {d2} ({dp2})\nCurrent smoker, No. (%) | {c1} ({cp1}) | {c2} ({cp2})\nBaseline primary measure, mean (SD) | {pm1} | {pm2}".format(
        ni=n_i, nc=n_c, a1=round(age + rng.uniform(-1, 1), 1), s1=round(rng.uniform(7, 12), 1), a2=round(age + rng.uniform(-1, 1), 1), s2=round(rng.uniform(7, 12), 1),
        w1=round(n_i * female / 100), wp1=round(female + rng.uniform(-2, 2), 1), w2=round(n_c * female / 100), wp2=round(female + rng.uniform(-2, 2), 1),
        b1=round(rng.uniform(26, 36), 1), bs1=round(rng.uniform(3, 6), 1), b2=round(rng.uniform(26, 36), 1), bs2=round(rng.uniform(3, 6), 1),
        d1=round(n_i * 0.2), dp1=round(rng.uniform(15, 25), 1), d2=round(n_c * 0.2), dp2=round(rng.uniform(15, 25), 1),
        c1=round(n_i * 0.12), cp1=round(rng.uniform(8, 16), 1), c2=round(n_c * 0.12), cp2=round(rng.uniform(8, 16), 1),
        pm1="{} ({})".format(round(base_i, 1), round(rng.uniform(5, 14), 1)) if t["base"] else "n/a", pm2="{} ({})".format(round(base_i + rng.uniform(-1, 1), 1), round(rng.uniform(5, 14), 1)) if t["base"] else "n/a"))
    P.append("Primary Outcome\nAt {m} months, the {o} was {vi} {u} in the intervention group and {vc} {u} in the control group, a between-group difference of {e} {u} (95% CI, {c0} to {c1}; {p}). {extra}".format(
        m=months, o=t["outcome"], vi=round(t["dir"] * abs(eff) * 1.6 - 1.0, 2), vc=round(t["dir"] * abs(eff) * 0.6 - 1.0, 2), u=t["unit"], e=eff, c0=ci[0], c1=ci[1], p=_fmt_p(p),
        extra=("Results were consistent in the complete-case and per-protocol analyses." if significant else
               "The per-protocol analysis yielded a similar, nonsignificant estimate (difference, {} {}; 95% CI, {} to {}).".format(round(eff * 1.2, 2), t["unit"], round(ci[0] * 1.1, 2), round(ci[1] * 1.1, 2)))))
    subg = rng.sample(["age", "sex", "baseline severity", "diabetes status", "site", "education level"], 3)
    P.append("Prespecified Subgroups\nThe effect of the intervention did not differ significantly by {} or {} (P for interaction > .20 for both). There was a suggestion of a larger effect among participants with higher {} (P for interaction = {:.2f}), but this finding should be considered hypothesis-generating given the number of comparisons performed.".format(
        subg[0], subg[1], subg[2], rng.uniform(0.03, 0.09)))
    sec_lines = []
    for s in t["secondary"]:
        sig = rng.random() < (0.5 if significant else 0.2)
        sec_lines.append("{}: {} (difference {}; 95% CI {} to {})".format(
            s, "favored the intervention" if sig else "no significant difference",
            round(rng.uniform(0.5, 6.0) * (1 if sig else 0.3), 1), round(rng.uniform(0.1, 1.5) * (1 if sig else -1), 1), round(rng.uniform(2, 9), 1)))
    P.append("Secondary Outcomes\n" + "\n".join("- " + x for x in sec_lines))
    P.append("Adherence\nMean adherence to the intervention protocol was {}%, and {}% of participants in the intervention group met the prespecified adherence threshold. Adherence declined over time, from {}% in the first {} months to {}% in the final {} months. In the control group, {}.".format(
        rng.randint(62, 91), rng.randint(55, 85), rng.randint(80, 95), months // 3, rng.randint(50, 78), months // 3,
        rng.choice(["contamination was limited, with 6% reporting use of components of the intervention", "use of the comparator was similar to historical rates", "adherence to the comparator regimen was 71%"])))
    P.append("Adverse Events\nAdverse events were reported by {}% of participants in the intervention group and {}% in the control group. Serious adverse events occurred in {} and {} participants, respectively; none were judged by the safety board to be related to the intervention. The most common adverse events were {} and {}. {} participants in the intervention group and {} in the control group withdrew because of adverse events.".format(
        ae_rate_i, ae_rate_c, sae_i, sae_c, t["ae"][0], t["ae"][1], rng.randint(0, 6), rng.randint(0, 4)))

    P.append("Discussion")
    P.append("In this randomized clinical trial of {} participants with {}, {} {}. {}".format(
        n, t["condition"], t["short"],
        "led to a statistically significant improvement in the primary outcome over {} months compared with {}".format(months, t["control"].split(",")[0]) if significant else
        "did not result in a statistically significant improvement in the primary outcome over {} months".format(months),
        "The improvement appeared to be mediated by {}.".format(t["mech"]) if significant else
        "The confidence interval was compatible with a small benefit or a small harm, and a clinically meaningful effect cannot be fully excluded."))
    P.append("Our findings {} those of earlier studies. {} Differences in intervention intensity, population characteristics and follow-up duration likely account for some of the discrepancies. Notably, our trial enrolled a more diverse population than most prior studies, which strengthens the generalizability of the findings to routine practice.".format(
        rng.choice(["are broadly consistent with", "differ in part from", "extend"]),
        rng.choice(["A meta-analysis of 14 smaller trials reported an effect of similar direction but larger magnitude, which may reflect small-study effects.",
                    "Two earlier trials reported benefits only in the first 3 months, whereas we observed effects that persisted over the full follow-up period.",
                    "One large pragmatic trial found no benefit, but it used a less intensive intervention with low uptake."])))
    P.append("From a practical standpoint, {} requires {}. Health systems considering implementation should weigh these resource requirements against the size of the observed effect and the preferences of patients, some of whom found the intervention {}.".format(
        t["short"], rng.choice(["trained staff and dedicated time", "modest upfront investment in devices and workflow redesign", "minimal additional resources", "sustained patient engagement over many months"]),
        rng.choice(["burdensome", "reassuring", "difficult to maintain during holidays and illness", "easy to integrate into daily routines"])))
    P.append("Limitations\nThis study has several limitations. First, {}. Second, {}. Third, {}. Fourth, the trial was conducted in {}, and results may not generalize to health systems with different structures or to populations with different baseline risk. Finally, follow-up was limited to {} months, so the durability of effects and their impact on hard clinical outcomes are unknown.".format(
        rng.choice(["participants and intervention staff were not blinded, which may have influenced self-reported outcomes", "loss to follow-up was higher than anticipated in one site", "adherence was self-reported for part of the study"]),
        rng.choice(["the COVID-19 pandemic disrupted in-person visits for several months and required a protocol amendment", "the control group received more attention than typical usual care, which may have diluted the between-group difference", "the trial was not powered to detect differences in subgroups"]),
        rng.choice(["several secondary outcomes were not adjusted for multiple comparisons", "we did not collect data on costs, precluding an economic evaluation", "participants who volunteer for trials may be more motivated than the general patient population"]),
        country, months))
    P.append("Conclusions\n{}".format(
        "Among {}, {} produced a modest but statistically significant improvement in {} over {} months. Further research should assess long-term outcomes and cost-effectiveness.".format(t["pop"], t["short"], t["outcome"], months) if significant else
        "Among {}, {} did not significantly improve {} over {} months compared with {}.".format(t["pop"], t["short"], t["outcome"], months, t["control"].split(",")[0])))
    P.append("Article Information\nAccepted for Publication: {} {}. Corresponding Author: Dr {}, Department of {}, {}. Conflict of Interest Disclosures: {} Funding/Support: This study was funded by {}. Data Sharing Statement: See Supplement {}.".format(
        rng.choice(["February", "May", "August", "November"]), rng.randint(3, 27), rng.choice(["L. Okonkwo", "M. van der Berg", "S. Nakamura", "R. Alvarez", "K. Johansson"]),
        rng.choice(["Medicine", "Public Health", "Family Medicine", "Epidemiology", "Physical Therapy"]), rng.choice(["University Medical Center", "School of Medicine", "Institute for Health Research"]),
        rng.choice(["None reported.", "Dr {} reported receiving consulting fees from a device manufacturer outside the submitted work.".format(rng.choice(["Okonkwo", "Berg", "Alvarez"]))]), funder, journal_n % 3 + 2))
    return "\n\n".join(P), {"significant": significant, "short": t["short"]}


_RESEARCH = {
    "restaurants": {
        "product": "Mise, an inventory and purchasing app for independent restaurants",
        "roles": ["chef-owner", "general manager", "kitchen manager", "sous chef", "co-owner, front of house", "operations lead for a small group", "bar manager"],
        "venues": ["neighborhood bistro", "taqueria", "ramen bar", "wine bar with small plates", "family-run Italian trattoria", "brunch cafe", "fast-casual salad concept", "seafood restaurant", "bakery-cafe"],
        "cities": ["Portland", "Austin", "Chicago", "Denver", "Philadelphia", "Minneapolis", "Raleigh", "Oakland", "Nashville", "Pittsburgh"],
        "tools": ["a shared Google Sheet", "paper order guides on a clipboard", "the distributor's own ordering portal", "texts and voicemails to reps", "a POS add-on they barely use", "an expensive enterprise inventory system they are trying to leave"],
        "pains": {
            "counting": ("Inventory counts take too long", [
                "Counting the walk-in and dry storage takes {h} hours every Sunday night, usually after a double.", "{p} does a full count only once a month; weekly counts cover proteins and alcohol only.", "Counts are written on paper and typed into a spreadsheet the next morning, which takes another {h} hours.", "They tried counting with a tablet app but gave up because it was slow with wet hands in the walk-in.",
                "Counts are done by whoever is free, so the numbers are inconsistent from week to week.",
            ], ["Honestly the count is the worst part of my week. I do it at midnight with a headlamp.", "Nobody trusts the numbers, so we count again before ordering anyway."]),
            "price": ("No visibility into price changes", [
                "Prices from distributors change weekly and {p} only notices when the invoice arrives.", "{p} compares prices across {v} suppliers by calling reps, which rarely happens in practice.", "They have no record of what they paid for the same item three months ago.", "A price increase on fryer oil went unnoticed for about {h} months.",
                "They estimate losing several hundred dollars a month to unnoticed price creep on proteins and dairy.",
            ], ["I found out butter went up 30% because my food cost jumped, not because anyone told me.", "The rep says 'market price' and I just have to eat it."]),
            "ordering": ("Ordering across many vendors is fragmented", [
                "Orders go to {v} different vendors, each with its own cutoff time and minimums.", "{p} places most orders by text message late at night after service.", "Order minimums force them to over-order on slow weeks, with about {v} vendors affected.", "Deliveries arrive at different times and nobody checks them against what was ordered.",
                "Missed cutoffs lead to emergency runs to a cash-and-carry store.",
            ], ["Every vendor has a different app, a different cutoff and a different guy who doesn't answer.", "Half my Tuesday is just texting reps."]),
            "waste": ("Waste is not tracked", [
                "Waste is thrown out without being recorded, so they cannot tell whether prep pars are too high.", "They started a waste log on a whiteboard but it lasted about {h} weeks.", "{p} estimates waste at 6-10% of food purchases but admits it is a guess.", "Staff meals absorb some surplus, which hides the real waste level.",
                "{p} suspects over-prepping on slow weekdays but has no data to prove it.",
            ], ["We throw away a full hotel pan of rice some nights and nobody writes it down.", "I know we're wasting, I just can't tell you where."]),
            "costing": ("Recipe costing is outdated", [
                "Plate costs were calculated when the menu launched and have not been updated since.", "{p} has never costed the specials, which change {h} times a week.", "They raised menu prices last year by a flat amount across the board without checking margins dish by dish.", "Food cost is only known at month end from the accountant, too late to act on.",
                "Menu prices are set by gut feel and by looking at competitors' menus.",
            ], ["My recipe costing is a spreadsheet from 2021. I'm scared to open it.", "If you told me the real cost of the short rib right now I'd probably cry."]),
            "staff": ("Knowledge lives in one person's head", [
                "Only {p} knows the order guide; when they are off, ordering goes wrong.", "Pars are not written down anywhere; {p} keeps them in their head.", "A new sous chef recently over-ordered dairy for {h} weeks because nobody explained the pars.", "Every manager uses their own system, so handovers between shifts lose information.",
                "New kitchen staff take weeks to learn where things are stored and what the pars are.",
            ], ["When I took a week off, we ran out of limes and had four cases of cilantro.", "It's all in my head. That's the problem."]),
            "invoices": ("Invoice reconciliation is manual", [
                "Invoices are photographed and emailed to an outside bookkeeper who enters them by hand.", "{p} spends about {h} hours a week matching invoices to deliveries.", "Credits for damaged goods are requested by phone and often never show up on the statement.", "They found duplicate invoices from the same vendor twice in the last {v} months.",
                "Short deliveries and credits are often never claimed because nobody checks the invoice against the order.",
            ], ["I'm pretty sure we pay for stuff we never got. I just don't have time to check.", "The bookkeeper gets a shoebox of crumpled invoices every month."]),
        },
        "wtp": ["would pay up to $99/month per location", "would only consider it if under $50/month", "said price matters less than saving time", "would need the owner's approval for anything over $150/month", "currently pays $400/month for a tool they dislike"],
        "segments": ["single-location owner-operators", "small groups with 2-5 locations", "bars and beverage-led concepts"],
    },
    "clinics": {
        "product": "Frontdesk, a patient intake and scheduling tool for small outpatient clinics",
        "roles": ["practice manager", "physiotherapist and owner", "front-desk coordinator", "office manager", "clinic director", "billing lead", "dentist and co-owner"],
        "venues": ["physiotherapy clinic", "family dental practice", "pediatric practice", "dermatology office", "chiropractic clinic", "speech therapy practice", "optometry practice", "mental health group practice"],
        "cities": ["Columbus", "Tampa", "Sacramento", "Boise", "Richmond", "Madison", "Tucson", "Omaha", "Hartford", "Spokane"],
        "tools": ["a legacy practice-management system", "paper intake forms on clipboards", "a generic online booking widget", "phone and voicemail only", "a spreadsheet for the waitlist", "an EHR-bundled scheduler"],
        "pains": {
            "noshow": ("No-shows and late cancellations", [
                "No-show rate is around {h}0% on Mondays and Fridays.", "{p} double-books some slots on Mondays to compensate for no-shows, which backfires when everyone shows up.", "They charge a no-show fee in theory but {p} admits they almost never enforce it.", "Text reminders exist but go out only {h} days before, which patients say is too early.",
                "Reminder calls are made manually the day before, when the front desk has time.",
            ], ["Every empty slot is money I'm never getting back.", "We call people, they don't pick up, and then they don't show."]),
            "intake": ("Paper intake forms", [
                "Patients fill out paper forms in the waiting room, and {p} retypes them into the system.", "New patients are asked to arrive {h}0 minutes early just to do paperwork.", "{p} estimates each new-patient form takes about {v} minutes to enter.", "Forms are scanned as PDFs, so nothing on them is searchable.",
                "Illegible handwriting leads to errors in insurance details and allergies.",
            ], ["I spend my lunch break typing in clipboards.", "Half the forms have the insurance ID wrong and we find out three weeks later."]),
            "phone": ("Phones overwhelm the front desk", [
                "The phone rings constantly between 8 and 10 a.m., and patients in front of the desk wait.", "{p} says they miss about {v} calls a day and many never call back.", "Voicemail fills up on Mondays; the clinic has lost new patients this way.", "They considered hiring a second receptionist but cannot justify the cost for {h} busy hours a day.",
                "About half the calls are simple rescheduling requests.",
            ], ["I'm checking someone in with the phone on my shoulder and two lines blinking.", "Most calls are 'can I move my appointment', which a computer could do."]),
            "insurance": ("Insurance verification is slow", [
                "Eligibility checks are done by logging in to {v} different payer portals.", "{p} spends most of Tuesday mornings on prior authorizations.", "They only verify insurance on the first visit, not at follow-ups.", "A billing service handles claims, but eligibility problems are discovered {h} weeks later when claims come back denied.",
                "Claims are denied because coverage changed and nobody rechecked it.",
            ], ["I have fourteen passwords for insurance portals on a sticky note. Don't tell anyone.", "Denials are killing us, and most are because of eligibility."]),
            "waitlist": ("Waitlist is unmanaged", [
                "Cancellations are not backfilled because the waitlist is a spreadsheet nobody checks.", "{p} calls waitlisted patients one by one when a slot opens, often reaching nobody in time.", "Same-day cancellations are almost never filled; {p} estimates {v} a week.", "Patients ask to be notified of earlier openings but there is no way to do it automatically.",
                "{p} estimates several open slots a week could be filled.",
            ], ["We have people begging for earlier appointments and empty slots the same day.", "The waitlist is a piece of paper taped to the monitor."]),
            "reporting": ("No reporting for the owner", [
                "The owner cannot easily see utilization per provider or revenue per visit type.", "{p} builds a monthly report by hand that takes about {h} hours.", "They do not know their new-patient conversion rate from first call to first visit.", "Reports from the current system are limited to a daily schedule printout.",
                "Reports are built by exporting to Excel once a quarter.",
            ], ["I don't know which of my therapists is booked at 60% and which at 95%.", "I get my numbers once a quarter, which is too late to do anything."]),
            "compliance": ("Worry about privacy and compliance", [
                "They are wary of any tool that sends texts with patient information.", "{p} asks every vendor for a signed business associate agreement before a demo.", "Staff use personal phones to text patients, which worries the owner.", "They had an audit {h} years ago and are still nervous about it.",
                "A previous vendor could not sign a business associate agreement.",
            ], ["If it's not HIPAA-safe I'm not touching it, period.", "Our last vendor's answer about security was 'we use the cloud'."]),
        },
        "wtp": ["would pay $150-200/month for the whole clinic", "would only switch if it integrates with their EHR", "said price is secondary to getting rid of paper", "need approval from the partners for any new software", "pay per-provider today and find it expensive"],
        "segments": ["solo or two-provider practices", "multi-provider clinics with a dedicated front desk", "specialty practices with heavy insurance workload"],
    },
}

_FIRST = ["Alex", "Maria", "Deshawn", "Priya", "Tom", "Keiko", "Luis", "Fatima", "Greg", "Hannah", "Marco", "Yusuf", "Jen", "Olu", "Sam", "Rosa", "Ben", "Leila", "Pete", "Ana",
          "Carlos", "Mei", "Dmitri", "Grace", "Kwame", "Ines", "Noah", "Aroha", "Viktor", "Zoe", "Raj", "Bianca"]


def gen_research(rng, size=1):
    """EN: user-research synthesis report with per-participant notes."""
    key = rng.choice(sorted(_RESEARCH))
    R = _RESEARCH[key]
    n = {1: 8, 2: 12, 3: 18, 4: 30}[size] + rng.randint(0, 2)
    pain_keys = sorted(R["pains"])
    # weights make some pains more common than others, varied per seed
    weights = {k: rng.randint(1, 6) for k in pain_keys}
    counts = Counter()
    seg_counts = Counter()
    names = rng.sample(_FIRST, min(n, len(_FIRST)))
    used_obs, used_q, used_notes, used_lines = set(), set(), set(), set()
    P = []
    P.append("Discovery Research Synthesis: {}".format(R["product"]))
    P.append("Prepared by the product team | Round {} | {} interviews | Status: draft for internal review".format(rng.randint(1, 3), n))
    P.append("1. Background and goals\nWe interviewed {} people between {} and {} to understand how small businesses in this space handle the workflows our product targets today, where the biggest pains are, and what would make them switch tools. Interviews were 45-60 minutes, conducted over video, and recorded with consent. Participants were recruited through {}. Each received a ${} gift card.".format(
        n, rng.choice(["March 4", "May 12", "August 19", "October 2"]), rng.choice(["March 29", "June 7", "September 13", "October 30"]),
        rng.choice(["our waitlist and two industry Facebook groups", "a recruiting panel and referrals from existing beta users", "cold outreach on LinkedIn and an industry newsletter"]), rng.choice([50, 75, 100])))
    P.append("Research questions:\n- How is the work done today, by whom, and with what tools?\n- Which steps are the most time-consuming or error-prone?\n- What has been tried before, and why did it fail?\n- What would a new tool need to do to be worth the switching cost?\n- Who makes the buying decision and what budget is realistic?")
    P.append("2. Participant notes")
    for i in range(n):
        name = names[i % len(names)]
        role = rng.choice(R["roles"])
        venue = rng.choice(R["venues"])
        city = rng.choice(R["cities"])
        seg = rng.choice(R["segments"])
        seg_counts[seg] += 1
        locs = 1 if "single" in seg or "solo" in seg else rng.randint(2, 5)
        # choose 2-3 pains by weight
        pool = []
        for k in pain_keys:
            pool.extend([k] * weights[k])
        chosen = []
        while len(chosen) < rng.randint(2, 3):
            k = rng.choice(pool)
            if k not in chosen:
                chosen.append(k)
        for k in chosen:
            counts[k] += 1
        lines = ["P{} - {} ({}), {}, {}; {} location{}; segment: {}".format(i + 1, name, role, venue, city, locs, "s" if locs > 1 else "", seg)]
        for _try in range(12):
            cs = "Current setup: uses {} {}.".format(rng.choice(R["tools"]), rng.choice(["and has done so for {} years".format(rng.randint(2, 12)), "since opening in {}".format(rng.randint(2009, 2023)),
                                                                   "after abandoning {} in {}".format(rng.choice(["a previous tool", "an expensive system", "a free app"]), rng.randint(2018, 2024)),
                                                                   "alongside a lot of ad-hoc messaging ({} people involved)".format(rng.randint(2, 6))]))
            if cs not in used_lines:
                break
        used_lines.add(cs)
        lines.append(cs)
        for k in chosen:
            title, obs, quotes = R["pains"][k]
            fresh = [x for x in obs if x not in used_obs]
            tmpl = rng.choice(fresh) if fresh else rng.choice([x for x in obs if "{" in x] or obs)
            used_obs.add(tmpl)
            for _try in range(12):
                o = tmpl.format(h=rng.randint(2, 4), p=name if rng.random() < 0.5 else "the " + role.split(" (")[0], v=rng.randint(3, 9))
                if o not in used_lines:
                    break
                tmpl = rng.choice(obs)
            used_lines.add(o)
            lines.append("- {}: {}".format(title, o))
            fresh_q = [x for x in quotes if x not in used_q]
            if fresh_q and rng.random() < 0.75:
                qq = rng.choice(fresh_q)
                used_q.add(qq)
                lines.append('  Quote: "{}"'.format(qq))
        for _try in range(12):
            wl = "Willingness to pay: {}; buying decision: {}.".format(rng.choice(R["wtp"]), rng.choice([
                "owner decides alone", "owner plus business partner", "needs sign-off from the group's operations director", "accountant reviews every new subscription",
                "would trial it first with one team", "decision at the annual budget review", "wants references from similar businesses first"]))
            if wl not in used_lines:
                break
        used_lines.add(wl)
        lines.append(wl)
        notes_pool = [
            "Very open to a pilot; asked to be contacted when the beta is ready.",
            "Skeptical of new software after a bad implementation experience.",
            "Mentioned that staff turnover makes training on any tool hard.",
            "Wants mobile-first; rarely sits at a desk during the day.",
            "Interested mainly in reporting; the day-to-day workflow is 'fine'.",
            "Asked detailed questions about data export and what happens if we go out of business.",
            "Would only switch at the start of the year for accounting reasons.",
            "Uses a competitor's free tier but finds it confusing.",
            "Strong opinions about integrations; said anything that doesn't connect to their current system is a non-starter.",
            "Interview cut short after 30 minutes due to an emergency at work.",
            "Shared their screen and walked us through a typical week; recording is worth watching.",
            "Brought a colleague to the interview who disagreed with them on several points.",
            "Previously evaluated two competitors and rejected both on price.",
            "Very price-sensitive; margins are thin and every subscription is scrutinized.",
            "Would want a phone number to call, not just chat support.",
        ]
        fresh_n = [x for x in notes_pool if x not in used_notes]
        if fresh_n:
            nn = rng.choice(fresh_n)
            used_notes.add(nn)
            lines.append("Other notes: " + nn)
        P.append("\n".join(lines))
    P.append("3. Synthesis")
    ranked = sorted(pain_keys, key=lambda k: (-counts[k], k))
    theme_lines = []
    for rank, k in enumerate(ranked, 1):
        title = R["pains"][k][0]
        theme_lines.append("{}. {} - raised by {} of {} participants".format(rank, title, counts[k], n))
    P.append("3.1 Frequency of pain points (coded from notes)\n" + "\n".join(theme_lines))
    top = ranked[:3]
    P.append("3.2 Themes\nThe most frequently mentioned pains were \"{}\", \"{}\" and \"{}\". {} Participants with more than one location were more likely to talk about consistency and visibility across sites, while single-location participants focused on time savings for themselves.".format(
        R["pains"][top[0]][0], R["pains"][top[1]][0], R["pains"][top[2]][0],
        rng.choice(["These were also the pains described with the most emotion in the recordings.",
                    "However, frequency is not the same as severity: some less frequent pains were described as costing real money.",
                    "Several participants volunteered workarounds for these pains, which suggests they are well understood but unsolved."])))
    seg_lines = ["- {}: {} participants".format(s, seg_counts[s]) for s in R["segments"]]
    P.append("3.3 Segments represented\n" + "\n".join(seg_lines) + "\nNote: the sample is not representative; recruitment over-indexed on people who were already looking for a tool.")
    P.append("3.4 Switching barriers\n- Time to set up and migrate existing data was the most common concern.\n- Several participants had been burned by tools that were abandoned after a few weeks.\n- Decision-makers are often not the daily users, so both need to be convinced.\n- Integrations with existing systems were described as must-have by roughly a third of participants.")
    P.append("4. Open questions and next steps\n- Validate pricing with a quantitative survey (target n=150).\n- Run a concierge pilot with {} participants who asked to be contacted.\n- Test a prototype of the {} workflow in usability sessions.\n- Decide which segment to focus on for the MVP; the team is split between {} and {}.".format(
        rng.randint(3, 6), R["pains"][top[0]][0].lower(), R["segments"][0], R["segments"][1]))
    return "\n\n".join(P), {"product": R["product"]}


_PM_SCENARIOS = [
    {
        "key": "cert",
        "title": "Expired internal TLS certificate breaks checkout and mobile login",
        "summary": "An internal TLS certificate used for mutual authentication between the API gateway and the {svc} service expired. The automated renewal job had been failing silently for {d} days because it still pointed at a decommissioned secrets path.",
        "events": [
            ("detect", "PagerDuty alert fires: 5xx rate on api-gateway above 5% for 5 minutes. {oncall} (primary on-call) acknowledges."),
            ("", "{oncall} sees handshake errors in gateway logs: 'x509: certificate has expired or is not yet valid'. Initially suspects a bad deploy of {svc}."),
            ("", "Rollback of the most recent {svc} deploy started."),
            ("", "Rollback completes; error rate unchanged. Deploy ruled out."),
            ("", "Customer support reports a spike in tickets about failed checkouts and app logouts. Incident declared SEV{sev}; {ic} takes incident command."),
            ("", "{eng2} identifies that the certificate on the {svc} side expired at {exp}."),
            ("", "Attempt to trigger cert-renewer job manually fails with 'permission denied' on secrets path /legacy/pki/{svc}."),
            ("", "{eng2} finds that the secrets path was migrated during the Vault consolidation project and the renewer config was never updated."),
            ("mitigate", "New certificate issued manually from the current PKI and rolled out to {svc} pods."),
            ("", "Error rate drops below 1%. Mobile clients with cached sessions still failing; they need to re-authenticate."),
            ("", "Forced token refresh pushed via feature flag to mobile clients."),
            ("resolve", "All metrics back to baseline. Incident downgraded; monitoring continues."),
            ("", "Audit of all certificates issued by cert-renewer started; two more certificates found expiring within 10 days."),
        ],
        "root": "The cert-renewer job reads certificate specs and writes renewed certificates to the secrets store. During the Vault consolidation project three months earlier, secrets under /legacy/pki were migrated to /platform/pki and the old path was made read-only. The renewer's configuration still referenced the legacy path. From that point, every renewal attempt failed with a permission error, but the job's exit code was swallowed by a wrapper script, so the job reported success and no alert fired. The {svc} certificate had a 90-day lifetime and expired during the incident window.",
        "factors": ["The wrapper script around cert-renewer ignored non-zero exit codes.", "There was no monitoring of certificate expiry dates, only of the renewal job's status.", "The Vault migration checklist did not include searching for consumers of the legacy paths.", "The first responder's hypothesis (bad deploy) was reasonable but cost time because the rollback took over 15 minutes."],
        "actions": [("Fix cert-renewer wrapper to propagate exit codes", "detection"), ("Add expiry monitoring for all internal certificates with alerts at 21, 7 and 2 days", "detection"),
                    ("Move remaining cert specs to /platform/pki and delete the legacy path", "prevention"), ("Add 'find consumers of migrated paths' step to the migration runbook", "prevention"),
                    ("Document manual certificate issuance in the on-call runbook", "mitigation"), ("Shorten rollback time for {svc} by enabling fast rollback in the deploy tool", "mitigation")],
    },
    {
        "key": "pool",
        "title": "Database connection pool exhaustion causes order API timeouts",
        "summary": "A new reporting query introduced in the {svc} service held database connections for up to 40 seconds under load. During the morning traffic peak the connection pool was exhausted, causing request timeouts on the order API for {dur} minutes.",
        "events": [
            ("detect", "Latency SLO burn-rate alert for order-api fires (p99 > 2s). {oncall} acknowledges."),
            ("", "{oncall} sees 'timeout acquiring connection from pool' errors in {svc} logs."),
            ("", "Incident declared SEV{sev}. {ic} takes incident command and opens the incident channel."),
            ("", "Database CPU is at 35% and replication lag is normal; team initially suspects a network issue between the app and the database."),
            ("", "{eng2} notices the number of active connections pinned at the pool maximum (50 per pod) and long-running transactions in pg_stat_activity."),
            ("", "Long-running queries traced to the new 'export daily summary' endpoint shipped the previous evening."),
            ("mitigate", "Feature flag for the export endpoint turned off; long-running queries terminated manually."),
            ("", "Connection usage drops; p99 latency falls below 500ms."),
            ("", "Queued messages from the checkout worker begin to drain; some duplicate order confirmation emails sent."),
            ("resolve", "Backlog fully drained; metrics at baseline. Incident resolved."),
            ("", "Support given a macro for customers who received duplicate confirmation emails."),
        ],
        "root": "The export endpoint ran an aggregation across the orders and line_items tables inside a transaction opened by the request handler. The query had been tested against a staging database with 2% of production data, where it took under a second. In production it took 20 to 40 seconds and held a connection for the whole time. Because the endpoint was called by a partner's scheduled job that fired at the top of every hour with high concurrency, it consumed most of the pool at peak. Other requests then waited for a connection until they hit their own timeout.",
        "factors": ["Staging data volume was not representative of production.", "The endpoint shared the same connection pool as latency-critical order traffic.", "There was no statement timeout configured for the application database user.", "The partner integration was enabled without load testing."],
        "actions": [("Set a default statement_timeout of 5s for the application role", "prevention"), ("Move reporting queries to the read replica with a separate pool", "prevention"),
                    ("Add pool saturation alert at 80% for 3 minutes", "detection"), ("Create a staging dataset refresh job with 25% of production volume", "prevention"),
                    ("Add a runbook entry for terminating long-running queries safely", "mitigation"), ("Make confirmation emails idempotent on order ID", "mitigation")],
    },
    {
        "key": "config",
        "title": "Bad feature-flag configuration push disables payments in two regions",
        "summary": "A configuration change intended to disable a deprecated payment provider in a test environment was applied to production in {regions}. Card payments failed for customers in those regions for {dur} minutes.",
        "events": [
            ("", "Configuration change merged and applied by the deploy pipeline. The change targets the 'payments.providers' flag."),
            ("detect", "Synthetic checkout monitor in {regions} fails three consecutive runs. Alert to {oncall}."),
            ("", "{oncall} checks recent deploys of application code; none in the last 6 hours."),
            ("", "Finance ops posts in #incidents that card authorization volume has dropped to near zero in {regions}. Incident declared SEV{sev}; {ic} takes command."),
            ("", "{eng2} finds the flag change in the config audit log. The environment selector in the change was set to 'prod-*' instead of 'test-*'."),
            ("mitigate", "Flag change reverted through the config service UI."),
            ("", "Authorizations recover in one region; the other still failing because the config cache TTL is 15 minutes."),
            ("", "Cache flushed manually in the remaining region."),
            ("resolve", "Authorization volume back to expected levels in both regions. Incident resolved."),
            ("", "Customer success team begins contacting merchants with failed high-value transactions."),
        ],
        "root": "The configuration service allows a single change to target multiple environments using glob patterns. The engineer intended to target test environments and typed a pattern that matched production environments in {regions}. The change was reviewed, but the diff shown in the review tool displays only the flag value, not the resolved list of environments. The config service has no separate approval step for production changes, unlike application deploys.",
        "factors": ["Config changes bypass the staged rollout used for application code.", "The review UI did not show which environments a pattern resolved to.", "The synthetic monitor alerted only after three consecutive failures (15 minutes).", "The config cache TTL delayed recovery after the revert."],
        "actions": [("Show resolved environment list in config change review", "prevention"), ("Require a second approver for any config change touching production", "prevention"),
                    ("Reduce synthetic checkout alert threshold to two failures", "detection"), ("Add an alert on authorization volume drop >50% vs same hour last week", "detection"),
                    ("Add a 'flush config cache' button to the ops console and document it", "mitigation"), ("Introduce staged rollout (1%, 10%, 100%) for config changes", "prevention")],
    },
    {
        "key": "dns",
        "title": "DNS misconfiguration during CDN migration causes partial outage of web and API",
        "summary": "During the migration of static assets and API traffic to a new CDN, a DNS record for {svc} was changed to a CNAME pointing at a CDN hostname that had not yet been provisioned. Roughly {pct}% of users, depending on resolver caching, could not reach the site or API for {dur} minutes.",
        "events": [
            ("", "Planned DNS change executed as part of CDN migration step 4 of 7."),
            ("", "Change verified by {eng2} using a local resolver that still had the old record cached; verification passes."),
            ("detect", "Error budget alert for web availability; external uptime checks from three locations failing. {oncall} paged."),
            ("", "{oncall} confirms NXDOMAIN for the new CDN hostname from public resolvers. Incident declared SEV{sev}; {ic} takes command."),
            ("", "Decision point: roll back DNS or finish provisioning the CDN hostname. {ic} decides to roll back because CDN provisioning time is unknown."),
            ("mitigate", "DNS record reverted to previous A records. TTL on the bad record was 3600 seconds, so recovery depends on resolver caches."),
            ("", "Traffic recovering; about half of users restored. Team lowers TTLs for future changes."),
            ("", "Major ISP resolvers still serving the bad record. Status page updated with advice to retry later."),
            ("resolve", "Error rates at baseline across all monitored regions. Incident resolved."),
            ("", "CDN vendor confirms the hostname provisioning request had failed silently due to a validation error on the certificate."),
        ],
        "root": "The migration plan assumed that CDN hostname provisioning, which was requested the previous day, had completed. Provisioning had actually failed because domain validation for the certificate could not complete, and the vendor's console showed the hostname as 'pending' rather than 'failed'. The plan did not include an explicit check that the target hostname resolved publicly before switching DNS. The record's TTL had not been lowered in advance, which extended the impact well beyond the rollback.",
        "factors": ["The migration runbook had no pre-flight check of the target hostname.", "Verification used a cached local resolver rather than multiple public resolvers.", "TTL was not lowered 24-48 hours before the change.", "The change was scheduled during business hours in Europe, increasing impact."],
        "actions": [("Add pre-flight public resolution check to the DNS change runbook", "prevention"), ("Lower TTLs to 60s at least 48h before planned DNS changes", "mitigation"),
                    ("Verify DNS changes from at least three public resolvers", "detection"), ("Schedule remaining migration steps in the low-traffic window", "prevention"),
                    ("Ask CDN vendor to surface provisioning failures via API and alert on them", "detection"), ("Write a rollback decision checklist for migrations", "mitigation")],
    },
]

_PEOPLE = ["Aisha Bello", "Marco Rossi", "Jin Park", "Sara Lindgren", "Dev Patel", "Chloe Martin", "Tomasz Nowak", "Nia Thompson", "Ravi Iyer", "Lena Fischer", "Omar Haddad", "Grace Liu"]


def gen_postmortem(rng, size=1, sc=None, avoid=None):
    """EN: blameless incident postmortem."""
    sc = sc or rng.choice(_PM_SCENARIOS)
    avoid = avoid if avoid is not None else set()

    def pick_fresh(pool, k):
        fresh = [x for x in pool if x not in avoid]
        got = rng.sample(fresh if len(fresh) >= k else pool, k)
        avoid.update(got)
        return got
    svc = rng.choice(["auth", "payments", "orders", "inventory", "accounts", "checkout"])
    oncall, ic, eng2, scribe, comms = rng.sample(_PEOPLE, 5)
    sev = rng.choice([1, 2])
    regions = rng.choice(["eu-west and eu-central", "us-east and ca-central", "ap-southeast and ap-northeast"])
    date = "{}-{:02d}-{:02d}".format(rng.choice([2024, 2025]), rng.randint(1, 12), rng.randint(1, 28))
    h, m = rng.randint(6, 15), rng.randint(0, 59)
    t = h * 60 + m
    timeline = []
    marks = {}
    for i, (tag, ev) in enumerate(sc["events"]):
        if i:
            t += rng.randint(2, 19)
        stamp = "{:02d}:{:02d}".format((t // 60) % 24, t % 60)
        if tag:
            marks[tag] = stamp
        timeline.append("{} UTC - {}".format(stamp, ev.format(oncall=oncall, ic=ic, eng2=eng2, svc=svc, sev=sev, exp="{:02d}:{:02d} UTC".format(h, max(0, m - 7)), regions=regions)))
    start = timeline[0][:5]
    dur = t - (h * 60 + m)
    fmt = dict(svc=svc, d=rng.randint(9, 40), dur=dur, regions=regions, pct=rng.randint(20, 60))
    P = []
    P.append("Postmortem: {} ({})".format(sc["title"].replace("{svc}", svc), date))
    P.append("Status: {} | Severity: SEV{} | Authors: {}, {} | Incident commander: {} | Blameless review".format(
        rng.choice(["Final", "In review", "Draft"]), sev, eng2, scribe, ic))
    P.append("Summary\n" + sc["summary"].format(**fmt) + " " + rng.choice([
        "No data was lost. ", "No customer data was exposed. ", "Some in-flight requests failed and were not retried automatically. "]) + rng.choice([
        "The incident was mitigated by the on-call team without vendor involvement.", "Recovery required coordination between three teams.", "This is the second incident with a similar contributing factor this year."]))
    users = rng.randint(4, 180) * 1000
    P.append("Impact\n- Duration of customer impact: approximately {} minutes (from {} UTC).\n- Affected users: an estimated {:,} {}.\n- Failed requests: ~{:,}.\n- Revenue impact: estimated ${:,} in failed or abandoned transactions{}.\n- Support: {} tickets and {} social media mentions.\n- SLA: {}".format(
        dur, start, users, rng.choice(["unique users", "active sessions", "customers"]), rng.randint(30, 900) * 1000, rng.randint(8, 400) * 1000,
        rng.choice(["", ", partially recovered by customers retrying later"]), rng.randint(40, 1200), rng.randint(10, 300),
        rng.choice(["monthly availability for the affected service fell to 99.81%, below the 99.9% commitment for enterprise customers; credits may be owed.",
                    "availability remained within SLA for the month.", "under review with the account management team."])))
    P.append("Timeline (all times UTC)\n" + "\n".join(timeline))
    P.append("Root cause\n" + sc["root"].format(**fmt))
    P.append("Contributing factors\n" + "\n".join("- " + f for f in sc["factors"]))
    det = rng.choice(["about {} minutes after the first customer impact".format(rng.randint(3, 20)), "by automated alerting within the expected window", "first by customers, before our own monitoring"])
    P.append("Detection\nThe incident was detected {}. {}".format(det, rng.choice([
        "Existing alerts were tuned for sustained error rates and therefore lagged behind the real start of impact.",
        "The alert that fired was a symptom-based alert, which worked as designed, but it did not point at the cause.",
        "We had no alert that could have fired on the underlying condition before it became customer-visible."])))
    P.append("Response\n{} was paged and responded within {} minutes. {} took incident command, {} acted as scribe and {} handled external communications. {} {}".format(
        oncall, rng.randint(1, 6), ic, scribe, comms,
        rng.choice(["The incident channel was opened promptly and status page updates were posted every 20-30 minutes.",
                    "The first status page update was posted 25 minutes after the incident was declared, which was later than our 15-minute target.",
                    "Communication with the support team was informal at first, which led to inconsistent messages to customers."]),
        rng.choice(["Engineers from two other teams joined voluntarily, which helped but briefly made the channel noisy.",
                    "A handover between on-call engineers happened mid-incident and went smoothly thanks to the scribe's notes.",
                    ""])).strip())
    P.append("What went well\n" + "\n".join("- " + x for x in pick_fresh([
        "Incident roles were assigned quickly and clearly.", "The rollback / revert path worked as documented.", "Support escalated customer reports promptly.",
        "The scribe kept an accurate timeline, which made this review much easier.", "Decision-making was explicit: the IC stated the options and chose one.",
        "Dashboards for the affected service showed the problem clearly once we looked at the right panel.",
        "Responders from different teams collaborated without friction.", "Customer-facing teams had accurate information within the first hour.",
        "The fix was small, reviewed by two people, and deployed through the normal pipeline."], 3)))
    P.append("What went poorly\n" + "\n".join("- " + x for x in pick_fresh([
        "Our first hypothesis was wrong and we spent time confirming it.", "Key runbook steps were out of date.", "Alerts fired in a channel that was muted by several responders.",
        "The status page message was too vague for enterprise customers, who escalated through their account managers.", "Only one person knew how the affected component worked.",
        "We lacked a quick way to see recent configuration changes across systems.",
        "Escalation to the owning team took longer than it should have because the service catalog was out of date.",
        "Too many people joined the incident call, which slowed decisions.", "We declared the incident later than we should have."], 3)))
    P.append("Where we got lucky\n- " + pick_fresh([
        "The incident happened outside our peak sales window; during peak, impact would have been roughly three times larger.",
        "An engineer who had worked on the original component happened to be online and recognized the symptom.",
        "A large customer's batch job that normally runs at this time had been paused for maintenance.",
        "The on-call engineer had rehearsed a similar failure in a game day two weeks earlier.",
        "Our largest customer was in a change freeze and had no scheduled traffic that hour."], 1)[0])
    owners = rng.sample(_PEOPLE, len(sc["actions"]))
    rows = ["| # | Action | Owner | Due | Type |", "|---|---|---|---|---|"]
    for i, ((a, typ), o) in enumerate(zip(sc["actions"], owners, strict=True), 1):
        rows.append("| {} | {} | {} | {} | {} |".format(i, a.format(svc=svc), o, rng.choice(["2 weeks", "end of sprint", "next quarter", "30 days", "done"]), typ))
    P.append("Action items\n" + "\n".join(rows))
    if size >= 1:
        P.append("Appendix A: Relevant log excerpts (abridged)\n" + "\n".join(
            "{}Z {} {} {}".format(date + "T" + timeline[min(i, len(timeline) - 1)][:5] + ":{:02d}".format(rng.randint(0, 59)), rng.choice(["ERROR", "WARN", "ERROR", "INFO"]),
                                 rng.choice(["api-gateway", svc, svc + "-worker", "config-service", "edge-proxy"]),
                                 rng.choice(["upstream request failed after 3 retries", "request timed out after 30000ms", "health check failed for 3 of 12 targets",
                                             "circuit breaker opened for upstream " + svc, "retry budget exhausted", "handshake error with upstream", "queue depth above threshold (48211)"]))
            for i in range(rng.randint(12, 24))))
        P.append("Appendix B: Discussion notes from the review meeting\n" + "\n\n".join(pick_fresh([
            "{}: We should be honest that the runbook was last updated over a year ago. Nobody owns it. I'd like an owner assigned, not just an action item.".format(rng.choice(_PEOPLE)),
            "{}: I'm wary of adding more alerts. We already have alert fatigue. I'd rather fix the alert we have so that it points at causes.".format(rng.choice(_PEOPLE)),
            "{}: From the customer side, the worst part was not the outage but not knowing when it would end. Can we commit to a status update cadence?".format(rng.choice(_PEOPLE)),
            "{}: The review process worked. I want to call out that nobody tried to assign blame during the incident, and that's why people spoke up quickly.".format(rng.choice(_PEOPLE)),
            "{}: We should check whether the same pattern exists in the other services before we close this out.".format(rng.choice(_PEOPLE)),
            "{}: Finance asked whether credits are owed. Account management will handle that, but we need the exact impact window per customer.".format(rng.choice(_PEOPLE)),
        ], 4)))
    if size >= 2:
        upd = []
        stamps = [ln[:5] for ln in timeline]
        texts = [
            "Investigating - We are investigating reports of errors affecting some customers. We will provide an update within 30 minutes.",
            "Identified - We have identified the cause of the issue and are working on a fix. Some customers may continue to see errors.",
            "Monitoring - A fix has been applied and error rates are returning to normal. We are monitoring the situation.",
            "Resolved - This incident has been resolved. We apologize for the disruption and will publish a summary of what happened.",
        ]
        for i, tx in enumerate(texts):
            upd.append("{} UTC - {}".format(stamps[min(len(stamps) - 1, 3 + i * 3)], tx))
        P.append("Appendix C: Status page updates as published\n" + "\n".join(upd))
        P.append("Appendix D: Follow-up metrics (7 days after the incident)\n- Error rate for the affected service: {}% (baseline {}%).\n- Support tickets mentioning the incident: {} (of which {} requested a refund or credit).\n- Churned accounts citing the incident: {}.\n- Action items completed so far: {} of {}.".format(
            round(rng.uniform(0.05, 0.3), 2), round(rng.uniform(0.05, 0.2), 2), rng.randint(20, 300), rng.randint(2, 40), rng.randint(0, 3), rng.randint(1, 3), len(sc["actions"])))
    return "\n\n".join(P), {"title": sc["title"].replace("{svc}", svc)}


def gen_postmortem_set(rng, size=1):
    """EN: several postmortems from one quarter pasted together."""
    k = {1: 2, 2: 3, 3: 4}[size]
    docs = []
    avoid = set()
    for j, sc in enumerate(rng.sample(_PM_SCENARIOS, k), 1):
        d, _ = gen_postmortem(rng, 2, sc=sc, avoid=avoid)
        docs.append("===== Incident {} of {} =====\n\n{}".format(j, k, d))
    return "\n\n".join(docs), {"n": k}


def gen_emails(rng, size=1):
    """EN: long email thread about planning a company offsite."""
    city, venues = rng.choice([
        ("Lisbon", ["Quinta da Serra Retreat in Sintra", "the Hotel Alvorada near Cais do Sodré", "Casa dos Ventos, an old estate in Cascais"]),
        ("Denver", ["the Aspen Ridge Lodge in Evergreen", "the Larimer Square Hotel downtown", "Red Canyon Ranch near Boulder"]),
        ("Barcelona", ["Mas Olivera, a farmhouse in the Penedès", "the Hotel Miramar Port", "Casa Llum in Sitges"]),
        ("Austin", ["the Hill Country Inn in Dripping Springs", "the Congress Avenue Hotel", "Pecan Grove Retreat by Lake Travis"]),
    ])
    people = rng.sample(["Jordan Ellis", "Priya Nair", "Marcus Webb", "Sofia Alvarez", "Ken Watanabe", "Olivia Brandt", "Samir Haddad", "Emma Clarke", "Luca Ferri", "Hannah Scott"], 6)
    organizer, ceo, finance, it, ops, me = people
    heads = rng.choice([38, 45, 52, 64, 80])
    budget = heads * rng.choice([1400, 1650, 1900, 2200])
    month = rng.choice(["April", "May", "June", "September", "October"])
    days = rng.choice([("14", "16"), ("21", "23"), ("8", "10"), ("3", "5")])
    quotes = [(v, heads * rng.randint(280, 520) * 2) for v in venues]
    chosen = rng.choice(quotes)
    flights_avg = rng.randint(380, 980)
    diet = {"vegetarian": rng.randint(4, 10), "vegan": rng.randint(1, 4), "gluten-free": rng.randint(1, 5), "nut allergy": rng.randint(0, 2), "halal": rng.randint(0, 4)}
    subj = "Re: {} offsite {} - planning".format(city, month)
    msgs = []
    import datetime as _dt
    clock = [_dt.datetime(2025, rng.randint(1, 2), rng.randint(1, 20), rng.randint(8, 10), rng.randint(0, 59))]

    def ts():
        clock[0] += _dt.timedelta(minutes=rng.randint(25, 1500))
        if clock[0].hour < 7 or clock[0].hour > 22:
            nxt = clock[0] if clock[0].hour < 7 else clock[0] + _dt.timedelta(days=1)
            clock[0] = nxt.replace(hour=rng.randint(7, 9), minute=rng.randint(0, 59))
        return clock[0].strftime("%a, %d %b %Y %H:%M")

    def add(frm, to, body):
        msgs.append("From: {}\nTo: {}\nDate: {}\nSubject: {}\n\n{}".format(frm, to, ts(), subj, body))

    allp = ", ".join(p for p in people if p != organizer)
    add(organizer, allp,
        "Hi all,\n\nKicking off planning for this year's team offsite. Leadership has approved {} for {} days, {}-{} {}. We're expecting about {} people. I've shortlisted three venues and requested quotes:\n\n"
        "1. {} \n2. {}\n3. {}\n\nBudget is {} all-in (venue, food, flights, activities). Please reply with any hard constraints by end of week. {}, can you confirm the budget number is final?\n\nThanks,\n{}".format(
            city, rng.choice(["three", "three", "two"]), days[0], days[1], month, heads, venues[0], venues[1], venues[2], _money(budget), finance.split()[0], organizer.split()[0]))
    add(finance, organizer + "; cc: " + ceo,
        "{}, the number is final for planning purposes, but it includes a 10% contingency that I'd like us not to touch unless something goes wrong. So please plan to {}. Also, all venue contracts over $20k need my sign-off before anyone signs.\n\n{}".format(
            organizer.split()[0], _money(budget * 0.9), finance.split()[0]))
    add(ops, organizer,
        "Quick constraint from our side: the support team can't all be away at once. We need at least {} people covering tickets on each day, so either they rotate in remotely or we stagger travel. Can we get a dial-in for the main sessions?\n\n{}".format(rng.randint(2, 5), ops.split()[0]))
    add(it, organizer,
        "Re: dial-in - I can bring the portable conference kit (camera + two mics). The venue needs to have wired internet or at least 50 Mbps upload, otherwise remote people will have a bad time. Can you ask each venue? I'll also need a list of attendees who need laptops configured for the venue Wi-Fi.\n\n{}".format(it.split()[0]))
    for v, q in quotes:
        add(organizer, allp,
            "Quote received from {}: {} for {} nights including meeting room, breakfast and lunch. {} {}".format(
                v, _money(q), 2, rng.choice(["Dinners not included.", "Includes one group dinner.", "Dinners available at $65 pp."]),
                rng.choice(["Upload speed is 100 Mbps wired, per their events manager.", "They only have Wi-Fi, advertised at 30 Mbps.", "They haven't answered the internet question yet.",
                            "Rooms are across two buildings, about five minutes' walk apart.", "They can hold the dates until the end of the month without a deposit."])))
    add(ceo, organizer + "; cc: " + finance,
        "Thanks for pulling this together. My only strong view: I want one full day of strategy sessions without laptops, and I want the last afternoon free for people to explore {}. I'd lean towards {} but happy to defer to the budget.\n\n{}".format(city, chosen[0], ceo.split()[0]))
    add(organizer, allp,
        "Dietary requirements so far (from the form): {}. Please fill in the form if you haven't, I'm missing about {} responses. {}, you're one of them :)".format(
            ", ".join("{} {}".format(v, k) for k, v in diet.items() if v), rng.randint(4, 12), me.split()[0]))
    add(me, organizer, "Sorry! Done now. I'm vegetarian. Also, I'll need to arrive a day late - I have a customer workshop on {} {}. Is that a problem for the room block?".format(month, days[0]))
    add(organizer, me + "; cc: " + finance, "Not a problem for the room block, but it means you'll miss the strategy day. {}, can you check whether we can change the nightly count without a penalty?".format(finance.split()[0]))
    add(finance, organizer,
        "Venue contracts: I've reviewed the {} contract. Cancellation is free until {} days before, then 50% until 14 days before, then 100%. We can reduce the room block by up to 10% without penalty up to 21 days before arrival. I'm fine with it, but I need the final headcount before I sign. Flights: average quote from our travel agent is ${} per person, which puts us at roughly {} total. That's {} the planning number.\n\n{}".format(
            chosen[0], rng.choice([45, 60, 90]), flights_avg, _money(chosen[1] + flights_avg * heads + heads * 180),
            "under" if chosen[1] + flights_avg * heads + heads * 180 <= budget * 0.9 else "over", finance.split()[0]))
    add(ops, organizer,
        "Activities: for the free afternoon, options I found are {}. Prices range from $35 to $120 per person. Personally I'd avoid anything that requires physical fitness - not everyone will be comfortable.\n\n{}".format(
            rng.choice(["a food tour, a boat trip, or a cooking class", "a guided hike, a brewery tour, or a museum visit", "a walking tour, a tapas class, or a sailing trip"]), ops.split()[0]))
    add(it, organizer, "Checked with {}: {}. I still need the list of who needs laptop setup. Deadline for me is one week before travel.".format(
        chosen[0], rng.choice(["they confirmed wired internet in the main room", "Wi-Fi only, but they'll add a dedicated 100 Mbps line for $400", "still no answer, chasing them"])))
    if size >= 2:
        asks = rng.sample([
                "Can we invite the two contractors who've been with us all year? They're basically part of the team.",
                "Is there a plan for people traveling with kids or needing accessible rooms? Asking for a colleague.",
                "Would it be possible to have a quiet room? Three days of group sessions is a lot for some of us.",
                "For the group dinner, can we avoid the big hotel restaurant and go somewhere local? Happy to suggest places.",
                "I'd like 30 minutes on the agenda to present the customer research results. Slides will be ready.",
                "Visa question: two people on my team hold passports that need a visa for this trip. What's the latest date to start that process?",
                "Are partners allowed to join for the last evening at their own cost?",
                "Please make sure there are non-alcoholic options at all social events, not just soda.",
            ], rng.randint(3, 6))
        for a in asks:
            who = rng.choice([p for p in people if p != organizer])
            add(who, organizer, a)
        add(organizer, allp, "Answering the questions that came in: contractors - waiting for {}'s decision; accessible rooms - confirmed available at {}; quiet room - yes; agenda requests - I'll circulate a draft agenda next week; visas - start now, seriously; partners - no, sorry, budget.".format(
            ceo.split()[0], chosen[0]))
    add(organizer, allp,
        "Status update:\n- Venue: leaning {} pending {}'s sign-off.\n- Dates: {}-{} {} confirmed.\n- Headcount: {} confirmed, {} still to reply.\n- Flights: travel agent will book once headcount is final.\n- Agenda: draft coming next week.\n- Open: activities choice, dial-in setup, laptop list for {}.\n\nPlease reply by Friday if you haven't.".format(
            chosen[0], finance.split()[0], days[0], days[1], month, heads - rng.randint(3, 9), rng.randint(3, 9), it.split()[0]))
    add(ceo, organizer + "; cc: " + finance, "Looks good. Go ahead with {}. {}, please sign once you're happy with the headcount. Let's make sure {} gets the laptop list this week.".format(
        chosen[0], finance.split()[0], it.split()[0]))
    msgs.reverse()  # most recent first, like a real forwarded thread
    return "\n\n-----\n\n".join(msgs), {"me": me, "organizer": organizer, "venue": chosen[0], "city": city}


_ZH_ROLES = {
    "产品": {
        "done": ["完成了消息中心改版的PRD初稿，待评审", "和客服团队一起梳理了退款流程的痛点，输出流程图", "跟进了A/B实验结果，新版详情页转化率提升2.3%", "调研了三家竞品的会员体系，整理成对比文档", "确认了积分过期规则，和财务、法务达成一致", "组织了3.0版本的验收走查，记录问题21条", "完成了会员积分兑换页面的需求评审，和运营确认了兑换规则", "整理了上一轮用户访谈的结论，输出了《新用户流失原因分析》", "补充了订单详情页的异常状态说明，共新增7种状态",
                 "和法务确认了隐私政策改版的文案，已同步给前端", "完成了3.0版本首页改版的交互稿终版", "梳理了客服反馈TOP20问题，其中6个纳入下一迭代"],
        "issue": ["优惠券叠加规则和财务的理解不一致，需要再开会对齐", "运营临时加了一个618活动入口的需求，影响排期", "竞品上周上线了类似功能，老板希望我们加快节奏"],
        "next": ["输出3.1版本的需求池优先级", "跟进积分兑换的数据埋点方案", "组织一次跨部门的需求对齐会"],
    },
    "前端": {
        "done": ["完成了积分兑换页面的静态页面开发", "把项目构建工具从webpack迁移到vite，构建时间缩短60%", "修复了安卓WebView下支付页面按钮点击无响应的问题", "完成了深色模式的样式变量改造", "封装了通用的表单校验组件并补充文档", "处理了测试提交的前端缺陷17个", "完成首页改版组件开发，自测通过", "修复了iOS 15上商品详情页白屏的问题", "接入了新的埋点SDK，覆盖率约80%",
                 "优化首屏加载，LCP从3.2秒降到2.1秒", "完成了购物车模块的重构，代码量减少约30%", "适配了鸿蒙系统的几个兼容性问题"],
        "issue": ["设计稿有几处和交互稿不一致，等产品确认", "低端安卓机上列表滚动掉帧明显", "第三方地图SDK升级后有内存泄漏"],
        "next": ["完成积分兑换页面开发", "配合测试修复回归问题", "做一次前端性能专项排查"],
    },
    "后端": {
        "done": ["完成了商品详情接口的缓存改造，命中率提升到93%", "新增了订单超时自动取消的定时任务", "排查并修复了优惠券并发领取超发的问题", "整理了库存服务的接口文档，补充了12个接口说明", "完成了积分流水表的冷热数据分离", "配合运维完成了数据库主从切换演练", "完成订单服务拆分的第二阶段，读写分离已上线", "新增了积分兑换相关的5个接口并完成联调", "把优惠券计算逻辑迁移到规则引擎",
                 "优化了商品搜索接口，P99从800ms降到350ms", "完成了用户中心的数据库索引优化", "补齐了核心接口的单元测试，覆盖率提升到72%"],
        "issue": ["Redis集群有一台节点内存告警，需要运维扩容", "老的库存服务接口文档缺失，只能看代码", "消息队列偶尔有消费积压"],
        "next": ["继续订单服务拆分第三阶段", "和数据组对接积分流水的数仓同步", "评估分库分表方案"],
    },
    "测试": {
        "done": ["完成了积分兑换的冒烟测试", "补充了购物车并发修改的测试用例", "完成了3.0版本的性能压测，核心接口TPS达标", "整理了缺陷统计报告，严重缺陷从5个降到1个", "对深色模式做了全页面走查", "协助产品完成了验收测试", "完成3.0版本第一轮回归测试，共提交缺陷43个，其中严重级别5个", "搭建了接口自动化测试框架，覆盖主流程", "完成了支付流程的兼容性测试，覆盖12款机型",
                 "编写了积分兑换的测试用例共86条", "完成了压测环境搭建", "验证了上周所有P1缺陷的修复"],
        "issue": ["测试环境不稳定，经常被其他组的部署覆盖", "需求变更频繁导致用例反复修改", "部分缺陷开发认为是设计问题，迟迟不修"],
        "next": ["进行第二轮回归测试", "对积分兑换做专项测试", "输出测试报告"],
    },
    "设计": {
        "done": ["完成了积分兑换页面的动效设计", "输出了消息中心的设计方案两版", "和品牌部确认了新版App图标", "完成了设计走查，提出还原度问题15个", "整理了空状态和异常状态的插画规范", "做了适老化模式的初步探索", "输出了3.0版本全部页面的高保真设计稿", "更新了设计规范中的颜色和字体token", "完成了618活动主视觉",
                 "做了新版首页的可用性测试，5名用户参与", "整理了图标库，清理了重复图标40多个", "完成深色模式的适配方案"],
        "issue": ["活动主视觉被市场部要求改了三版", "和前端对间距规范理解不一样", "可用性测试发现新导航有两个用户找不到入口"],
        "next": ["根据可用性测试结果优化导航", "配合前端走查还原度", "准备3.1版本的设计探索"],
    },
    "运维": {
        "done": ["完成了CI迁移，所有服务已切换到GitLab CI", "上线了统一的日志采集方案", "配置了支付服务的专项监控大盘", "完成了生产环境证书的自动续期配置", "协助完成3.0版本的灰度发布", "做了一次全链路故障演练", "完成Redis集群扩容，新增两个节点", "把CI流水线从Jenkins迁移到GitLab CI的工作完成了60%", "配置了核心接口的告警规则",
                 "完成了生产环境K8s版本升级", "清理了过期的云资源，每月节省约1.2万元", "做了一次数据库备份恢复演练，耗时38分钟"],
        "issue": ["云厂商上周有一次网络抖动，导致两次告警", "日志系统存储快满了，需要申请预算", "部分服务还在用旧的部署脚本"],
        "next": ["完成CI迁移剩余部分", "制定发布窗口规范", "评估日志系统扩容方案"],
    },
    "数据": {
        "done": ["完成了积分兑换的埋点验收", "输出了3.0灰度期间的核心指标日报", "修复了留存看板口径错误的问题", "搭建了支付成功率的实时监控", "完成了用户画像标签的第一版", "给产品提供了A/B实验的显著性分析", "完成了新用户留存看板", "修复了GMV口径和财务不一致的问题", "输出了5月份的渠道ROI分析",
                 "搭建了积分体系的指标体系", "完成埋点数据质量校验，发现3处重复上报", "给运营做了用户分层模型"],
        "issue": ["埋点改版后有两天数据缺失", "数仓任务经常凌晨超时", "业务方临时要数太多，排期被打乱"],
        "next": ["上线3.0版本的核心指标看板", "和后端对接积分流水", "优化数仓调度任务"],
    },
}

_ZH_NAMES = ["王磊", "李娜", "张伟", "刘洋", "陈静", "杨帆", "赵敏", "黄晓东", "周婷", "吴昊", "徐丽", "孙鹏", "马超", "朱琳", "胡军", "郭佳"]

_ZH_STORY = [
    ("支付", "本周线上出现支付成功但订单状态未更新的问题，共{n}单，客服已手动补单。后端初步怀疑是第三方支付回调丢失，{owner}负责排查。",
     "经排查，问题原因是支付渠道在超时后会重试回调，而我们的回调接口没有做幂等处理，重复回调时因唯一索引冲突抛异常，导致事务回滚。{owner}已提交修复方案：回调接口增加幂等校验，并加上回调日志落库。"),
    ("支付", None,
     "支付回调修复已在灰度环境运行一周，未再出现订单状态不一致。决定下周二随3.0版本一起全量发布。测试补充了重复回调、乱序回调两类用例。"),
    ("发布", "原定{d1}发布3.0版本，因第一轮回归严重缺陷较多，讨论是否延期。",
     "会议决定3.0版本发布延期一周至{d2}，前提是严重缺陷全部关闭，一般缺陷遗留不超过10个。{pm}负责同步给业务方。"),
]


def gen_zh_minutes(rng, size=1):
    """ZH: four weeks of project weekly-meeting minutes."""
    proj = rng.choice(["商城APP 3.0版本", "会员积分系统升级项目", "小程序改版项目", "电商平台3.0版本"])
    roles = rng.sample(sorted(_ZH_ROLES), 7)
    names = rng.sample(_ZH_NAMES, len(roles) + 1)
    member = dict(zip(roles, names[:-1], strict=True))
    pm = names[-1]
    month = rng.randint(3, 10)
    day0 = rng.randint(1, 6)
    weeks = {1: 7, 2: 8, 3: 9}[size]
    pay_owner = member.get("后端", names[0])
    d1 = "{}月{}日".format(month + 1, rng.randint(8, 12))
    d2 = "{}月{}日".format(month + 1, rng.randint(15, 20))
    P = []
    P.append("{}项目周例会纪要汇总（共{}次）".format(proj, weeks))
    P.append("项目经理：{}    记录人：{}    参会人员：{}".format(pm, rng.choice(names[:-1]), "、".join(names)))
    import datetime as _dt
    first = _dt.date(rng.choice([2024, 2025]), month, day0)
    todo_id = 1
    todo_prev = 0
    used = {r: set() for r in roles}
    used_extra = set()
    for w in range(weeks):
        day = first + _dt.timedelta(days=7 * w)
        date = "{}月{}日".format(day.month, day.day) if w else "{}年{}月{}日".format(day.year, day.month, day.day)
        sec = ["第{}次周例会（{}，{}）".format(w + 1, date, rng.choice(["线上会议", "3楼大会议室", "线上+线下", "2楼小会议室"]))]
        sec.append("一、上周待办跟进")
        if w == 0:
            sec.append("首次会议，无上周待办。")
        else:
            sec.append("上周共{}项待办，已完成{}项，{}。".format(todo_prev, max(0, todo_prev - rng.randint(0, 2)),
                                                      rng.choice(["未完成的已顺延到本周", "未完成项主要受需求变更影响", "全部按时完成", "其中一项因人员请假延后"])))
        sec.append("二、各成员进展")
        for r in roles:
            pool = _ZH_ROLES[r]
            avail = [x for x in pool["done"] if x not in used[r]]
            if len(avail) < 2:
                avail = list(pool["done"])
            done = rng.sample(avail, 2)
            used[r].update(done)
            line = "【{}·{}】本周：{}；{}。".format(r, member[r], done[0], done[1])
            if rng.random() < 0.6:
                line += "问题：{}。".format(rng.choice(pool["issue"]))
            line += "下周计划：{}。".format(rng.choice(pool["next"]))
            if rng.random() < 0.3:
                line += rng.choice(["工作量较大，希望能增加人手。", "目前进度正常。", "进度比计划慢了大约两天。", "需要其他组配合，已拉群沟通。"])
            sec.append(line)
        sec.append("三、重点问题讨论")
        if w == 0:
            sec.append("1. " + _ZH_STORY[0][1].format(n=rng.randint(12, 60), owner=pay_owner))
            sec.append("2. " + _ZH_STORY[2][1].format(d1=d1))
        elif w == 1:
            sec.append("1. " + _ZH_STORY[0][2].format(owner=pay_owner))
            sec.append("2. " + _ZH_STORY[2][2].format(d2=d2, pm=pm))
        elif w == 2:
            sec.append("1. " + _ZH_STORY[1][2])
        else:
            sec.append("1. " + rng.choice([
                "3.0版本已全量发布，发布后48小时内崩溃率0.08%，低于0.1%的目标。支付相关客诉为0。",
                "3.0版本发布后，首页点击率提升了{}%，但搜索入口使用率下降，设计需要评估原因。".format(rng.randint(5, 15)),
                "复盘3.0版本：需求变更次数{}次，是延期的主要原因。下个版本需求冻结后原则上不接受变更。".format(rng.randint(8, 20)),
                "讨论3.1版本范围，初步确定积分兑换、深色模式和搜索优化三个主题。"]))
        extra = [
            "测试环境频繁被覆盖的问题，决定由运维给每个组分配独立的命名空间。",
            "Redis内存告警问题，运维已扩容，后续需要后端排查大key。",
            "设计和前端对间距规范的分歧，约定以设计规范文档为准，有疑问在走查时统一提出。",
            "数据口径问题：GMV是否包含退款订单，最终与财务确认为不含退款。",
            "618活动入口需求，经评估插入本迭代，积分兑换页面的开发相应顺延三天。",
            "低端安卓机滚动掉帧，前端提出做列表虚拟化改造，需要约一周工作量，放到3.1版本。",
            "客服反馈新版导航找不到“我的订单”入口，设计本周出两个优化方案。",
            "日志系统存储预算已申请，等待财务审批。",
            "优惠券并发领取出现超发，共多发了{}张，运营决定不追回，后端已加分布式锁修复。".format(rng.randint(30, 300)),
            "业务方希望在版本中加入直播入口，经讨论认为风险较大，放入需求池，下季度再评估。",
            "安卓端崩溃率上周升到0.3%，主要集中在某品牌低端机型，前端和测试联合排查。",
            "外包团队交付的消息中心模块代码质量不达标，决定由后端负责人做一次代码评审后再合并。",
            "人员变动：前端一名同事下月离职，项目经理已向部门申请补充人手，交接计划下周给出。",
            "数据看板口径争议：日活是否包含小程序用户，决定分开统计、同时展示。",
        ]
        fresh_x = [x for x in extra if x not in used_extra]
        extra = rng.sample(fresh_x if len(fresh_x) >= 2 else extra, rng.randint(1, 2))
        used_extra.update(extra)
        for j, e in enumerate(extra, len(sec) - sec.index("三、重点问题讨论")):
            sec.append("{}. {}".format(j, e))
        sec.append("四、本周待办")
        n_todo = rng.randint(3, 5)
        todos = []
        for _ in range(n_todo):
            r = rng.choice(roles)
            due = day + _dt.timedelta(days=rng.randint(3, 9))
            todos.append("（{}）{}：{}，截止{}月{}日".format(todo_id, member[r], rng.choice(_ZH_ROLES[r]["next"]), due.month, due.day))
            todo_id += 1
        if w == 0:
            todos.append("（{}）{}：排查支付回调丢失问题，周五前给出结论".format(todo_id, pay_owner))
            todo_id += 1
        sec.extend(todos)
        todo_prev = len(todos)
        P.append("\n".join(sec))
    P.append("备注：纪要如有遗漏或错误，请在两个工作日内反馈给记录人。")
    return "\n\n".join(P), {"proj": proj, "pm": pm}


def gen_zh_handbook(rng, size=1):
    """ZH: employee handbook of a mid-size company."""
    co = rng.choice(["杭州云帆科技有限公司", "深圳启明信息技术有限公司", "成都蓝湾网络科技有限公司", "上海青禾数字科技有限公司", "北京星桥软件有限公司"])
    probation = rng.choice([3, 6])
    ann = [(1, 10, rng.choice([5, 7])), (10, 20, rng.choice([10, 12])), (20, 99, rng.choice([15, 15]))]
    ann_extra = rng.choice([0, 1, 2, 3])
    carry = rng.choice([3, 5, 0])
    carry_until = rng.choice(["次年3月31日", "次年6月30日"])
    sick_paid = rng.choice([5, 7, 10])
    sick_pct = rng.choice([60, 70, 80])
    late_min = rng.choice([10, 15, 30])
    core_start, core_end = rng.choice([("9:30", "18:30"), ("9:00", "18:00"), ("10:00", "19:00")])
    flex = rng.choice([30, 60])
    marriage = rng.choice([3, 10, 13])
    maternity_extra = rng.choice([30, 60, 98])
    paternity = rng.choice([10, 15, 20])
    meal = {"一线城市": rng.choice([100, 120]), "二线城市": rng.choice([80, 90]), "其他城市": rng.choice([60, 70])}
    hotel = {}
    for lvl, base in (("P4及以下", 350), ("P5-P6", 450), ("P7-P8", 600), ("P9及以上", 900)):
        hotel[lvl] = {"一线城市": base + rng.choice([0, 50, 100]), "二线城市": int(base * 0.8) // 10 * 10, "其他城市": int(base * 0.65) // 10 * 10}
    reimb_days = rng.choice([15, 30])
    notice = rng.choice([30, 30])
    noncompete = rng.random() < 0.5
    perf_cycle = rng.choice(["季度", "半年度"])
    bonus_months = rng.choice(["1-3", "0-4", "2-4"])
    wfh = rng.choice([0, 1, 2])

    P = []
    P.append("{} 员工手册（{}年修订版）".format(co, rng.choice([2024, 2025])))
    P.append("前言\n欢迎加入{}！本手册旨在帮助全体员工了解公司的基本制度、行为规范以及员工享有的权利和应尽的义务。本手册依据《中华人民共和国劳动法》《中华人民共和国劳动合同法》及相关法律法规制定，经职工代表大会讨论通过，并已向全体员工公示。本手册未尽事宜，以国家法律法规及公司其他规章制度为准；如本手册与法律法规相冲突，以法律法规为准。".format(co))

    P.append("第一章 总则\n第一条 本手册适用于与公司签订劳动合同的全体正式员工及试用期员工。实习生、劳务派遣人员及外包人员参照执行，具体以其协议约定为准。\n第二条 公司倡导“客户第一、坦诚沟通、结果导向、持续学习”的价值观，员工应在日常工作中践行上述价值观。\n第三条 人力资源部负责本手册的解释和修订。修订内容将通过邮件及内部公告平台公示不少于七日，员工可在公示期内提出意见。")

    P.append("第二章 入职与试用期\n第四条 新员工应在入职当日提交以下材料：身份证原件及复印件、最高学历和学位证书原件、前一家单位的离职证明、近三个月内的体检报告、本人银行卡信息以及一寸免冠照片两张。材料不全的，人力资源部有权暂缓办理入职手续。\n第五条 员工提交的个人资料必须真实有效。如发现提供虚假学历、工作经历或其他重要信息的，公司有权依法解除劳动合同且不支付经济补偿。\n第六条 试用期为{p}个月，包含在劳动合同期限内。试用期工资为转正后工资的{pp}%，且不低于公司所在地最低工资标准。试用期内，员工提前三日书面通知即可解除劳动合同；公司在员工不符合录用条件时可依法解除劳动合同。\n第七条 试用期满前两周，直属上级与人力资源部共同对员工进行转正评估。评估结果分为“提前转正”“按期转正”“延期观察”和“不予转正”四类；其中“延期观察”仅适用于劳动合同法允许的情形，且总试用期不得超过法定上限。".format(
        p=probation, pp=rng.choice([80, 90, 100])))

    P.append("第三章 工作时间与考勤\n第八条 公司实行标准工时制，每日工作8小时，每周工作40小时。核心工作时间为{cs}至{ce}，午休一小时。员工可在核心上班时间前后{f}分钟内弹性打卡，但当日工作时间须满8小时。\n第九条 员工须通过企业微信或门禁系统打卡。因外出办事、出差等原因无法打卡的，应在三个工作日内提交补卡申请并注明事由，经直属上级审批。每月补卡次数原则上不超过三次。\n第十条 迟到{l}分钟以内的，每月累计不超过三次不做处理；超过三次或单次迟到超过{l}分钟的，按事假处理。连续旷工三日或一年内累计旷工五日的，视为严重违反公司规章制度，公司可依法解除劳动合同。\n第十一条 {wfh}\n第十二条 因工作需要加班的，须提前在OA系统提交加班申请并经部门负责人批准。工作日加班优先安排调休，调休须在六个月内使用完毕；无法安排调休的，按国家规定支付加班费。法定节假日加班的，按日工资的300%支付加班费，不以调休替代。".format(
        cs=core_start, ce=core_end, f=flex, l=late_min,
        wfh=["公司原则上不实行远程办公。因特殊情况需临时居家办公的，须提前一天经部门负责人批准，并保持通讯畅通。",
             "经直属上级同意，员工每周可申请一天居家办公，须在系统中提前登记，并确保工作时间内在线响应。",
             "经直属上级同意，员工每周最多可申请两天居家办公，试用期员工除外。居家办公期间须遵守信息安全相关规定。"][wfh]))

    ann_txt = "；".join("累计工作年限满{}年不满{}年的，年休假{}天".format(a, b, d) if b < 99 else "已满{}年的，年休假{}天".format(a, d) for a, b, d in ann)
    P.append("第四章 休假制度\n第十三条 法定节假日按国家规定执行。\n第十四条 年休假：员工累计工作已满一年的，享受带薪年休假。{ann}。在此基础上，员工在本公司每服务满一年，额外增加公司福利年假{ex}天，福利年假最多累计至5天。{extra_note}\n第十五条 年休假原则上应在当年度内休完。当年未休完的法定年休假，{carry}。福利年假当年未休完的自动作废，不折算工资。员工因个人原因书面申请不休年休假的，公司只支付正常工资收入。\n第十六条 病假：员工因病需要休假的，须提供二级及以上医院出具的诊断证明或病假条；急诊可事后三个工作日内补交。每年前{sp}天病假工资按本人工资全额发放，超过部分按本人工资的{pct}%发放，且不低于当地最低工资标准的80%。连续病假超过一个月的，应按医疗期相关规定处理。\n第十七条 事假：员工因私事需请假的，应提前一个工作日申请。事假期间不发放工资。单次事假超过三天的，须经部门负责人和人力资源部共同审批；全年累计事假原则上不超过十五天。\n第十八条 婚假：符合法定结婚年龄的员工在本公司工作期间登记结婚的，可享受婚假{m}天（含国家规定天数及地方延长天数，具体以公司所在地规定为准），须在领取结婚证后一年内一次性休完，需提供结婚证复印件。\n第十九条 产假与陪产假：女员工生育享受国家规定的产假98天，并按所在地规定享受延长产假，公司在此基础上另给予{me}天带薪假期。男员工在配偶生育期间享受陪产假{pa}天。员工需提交出生医学证明等材料。\n第二十条 丧假：员工直系亲属（父母、配偶、子女）去世的，给予丧假三天；祖父母、外祖父母、配偶父母去世的，给予丧假一天。需外地奔丧的，可另给路程假。\n第二十一条 请假流程：所有假期均须在OA系统中提交申请，注明假期类型、起止时间及工作交接人。三天以内由直属上级审批；三天以上由部门负责人审批；十天以上须报人力资源部备案。未经批准擅自休假的，按旷工处理。".format(
        ann=ann_txt, ex=ann_extra, extra_note="" if ann_extra else "（本年度福利年假暂停发放。）",
        carry=("可顺延至{}，逾期作废".format(carry_until) if carry else "原则上不予顺延，由公司按日工资收入的300%支付年休假工资报酬（含正常工资）"),
        sp=sick_paid, pct=sick_pct, m=marriage, me=maternity_extra, pa=paternity))

    P.append("第五章 薪酬与福利\n第二十二条 公司实行岗位职级薪酬体系，职级分为P1至P10。员工薪酬由基本工资、岗位津贴、绩效奖金和年终奖组成。\n第二十三条 工资于每月{d}日发放上一自然月工资，遇节假日提前发放。员工对工资有异议的，应在发放后十个工作日内向人力资源部提出。\n第二十四条 公司依法为员工缴纳社会保险和住房公积金，缴费基数按员工上年度月平均工资确定，公积金缴存比例为{gj}%。\n第二十五条 年终奖根据公司年度经营情况、部门业绩及个人绩效确定，一般为{bm}个月工资。年终奖发放时已离职或已提出离职的员工，不享受当年年终奖，但劳动合同另有约定的除外。\n第二十六条 其他福利：包括补充商业医疗保险、年度体检、节日礼品、生日福利、每月{tx}元通讯补贴、免费工作餐或餐补等。具体标准以公司当年公布的福利方案为准。".format(
        d=rng.choice([10, 15]), gj=rng.choice([7, 10, 12]), bm=bonus_months, tx=rng.choice([100, 150, 200])))

    P.append("第六章 绩效管理\n第二十七条 公司实行{c}绩效考核，考核结果分为S、A、B、C、D五个等级，原则上S级不超过10%，C级和D级合计不低于5%。\n第二十八条 绩效考核流程包括：目标设定、中期回顾、员工自评、上级评价、部门校准和结果面谈。上级应在结果确定后两周内与员工进行一对一面谈。\n第二十九条 连续两个考核周期为D级的员工，公司将安排培训或调整岗位；经培训或调整岗位后仍不能胜任工作的，公司可依法解除劳动合同。\n第三十条 员工对考核结果有异议的，可在结果公布后五个工作日内向人力资源部提出书面申诉，人力资源部应在十个工作日内给予答复。".format(c=perf_cycle))

    rows = ["职级 | 一线城市 | 二线城市 | 其他城市"]
    for lvl, v in hotel.items():
        rows.append("{} | {}元/晚 | {}元/晚 | {}元/晚".format(lvl, v["一线城市"], v["二线城市"], v["其他城市"]))
    P.append("第七章 差旅与费用报销\n第三十一条 员工出差须事先在OA系统中提交出差申请，写明出差事由、地点、时间及预算，经部门负责人批准后方可预订交通和住宿。原则上通过公司差旅平台预订。\n第三十二条 交通标准：P6及以下员工乘坐高铁二等座或经济舱；P7至P8员工可乘坐高铁一等座；P9及以上员工可乘坐高铁商务座或公务舱。出差地之间距离在四小时高铁车程以内的，原则上乘坐高铁。\n第三十三条 住宿标准如下（一线城市指北京、上海、广州、深圳；二线城市指省会城市及计划单列市）：\n{rows}\n超标部分由员工自行承担；两名同性别员工同行出差的，原则上合住一间，标准按较高职级上浮20%执行。\n第三十四条 出差餐补按自然日计算：一线城市每天{m1}元，二线城市每天{m2}元，其他城市每天{m3}元，无需提供发票。客户招待费用须事先申请，另行报销。\n第三十五条 报销须在费用发生后{rd}日内通过OA系统提交，附合规的增值税发票、行程单及审批记录。超过期限未提交的，原则上不予报销。发票抬头和税号必须正确，电子发票需上传PDF原件。\n第三十六条 虚报、冒领费用或提供虚假发票的，一经查实，公司将追回相关款项，并视情节轻重给予警告直至解除劳动合同的处理。".format(
        rows="\n".join(rows), m1=meal["一线城市"], m2=meal["二线城市"], m3=meal["其他城市"], rd=reimb_days))

    P.append("第八章 信息安全与保密\n第三十七条 员工对在工作中知悉的公司商业秘密、技术秘密、客户信息及用户个人信息负有保密义务，该义务在劳动合同终止后仍然有效。\n第三十八条 员工不得将公司源代码、设计文档、客户数据等上传至个人网盘、公共代码托管平台或未经批准的AI工具。确需使用外部工具处理公司数据的，须经信息安全部门审批。\n第三十九条 员工应妥善保管工作电脑和账号密码，离开工位时应锁屏。工作电脑丢失的，须在24小时内报告信息安全部门。\n第四十条 违反信息安全规定造成公司损失的，公司有权要求赔偿；情节严重的，依法解除劳动合同并追究法律责任。")

    P.append("第九章 奖惩\n第四十一条 公司对在工作中表现突出、为公司做出重大贡献的员工给予表彰和奖励，包括通报表扬、奖金、晋升等。\n第四十二条 员工有下列行为之一的，视情节给予警告、记过或解除劳动合同：（一）违反考勤制度；（二）工作中严重失职，给公司造成损失；（三）泄露公司商业秘密；（四）在工作场所骚扰、侮辱他人；（五）利用职务之便收受贿赂或回扣；（六）其他严重违反公司规章制度的行为。\n第四十三条 对员工的处分决定应书面通知本人，员工有权在收到通知后五个工作日内提出申辩。")

    P.append("第十章 离职管理\n第四十四条 员工主动离职的，试用期内应提前三日、转正后应提前{n}日以书面形式通知公司。{extra}\n第四十五条 员工应在最后工作日前完成工作交接，交接清单须经直属上级签字确认。交接内容包括：在办工作事项、文件资料、账号权限、办公设备及借款等。\n第四十六条 公司在员工办结离职手续后，出具解除或终止劳动合同的证明，并在十五日内为员工办理档案和社会保险关系转移手续。离职当月工资在下一个发薪日结清。\n第四十七条 {nc}\n第四十八条 员工离职时未休完的法定年休假，按照当年已工作时间折算应休天数，未休部分按日工资的300%支付报酬（含正常工资）；福利年假不予折算。".format(
        n=notice,
        extra=rng.choice(["未按规定提前通知即离职、给公司造成损失的，应承担赔偿责任。",
                          "员工提前离职的，须退还公司支付的入职奖金，并按剩余服务期折算违约金，最高不超过三万元。",
                          "离职员工须在离职前结清与公司之间的全部借款及费用。"]),
        nc=("对于负有保密义务的高级管理人员、高级技术人员和其他负有保密义务的人员，公司可与其签订竞业限制协议，竞业限制期限不超过两年，期间公司按月支付经济补偿，标准为离职前十二个月平均工资的30%。" if noncompete
            else "公司目前未与普通员工签订竞业限制协议。如个别岗位需要签订，将另行协商并书面约定补偿标准。")))

    P.append("第十一章 培训与发展\n第四十九条 公司为员工提供入职培训、岗位技能培训、管理能力培训和外部培训等多种学习机会。新员工须在入职一个月内完成线上入职课程和信息安全考试，考试未通过的不予转正。\n第五十条 员工每年可申请不超过{tb}元的外部培训或考证费用报销，须事先提交申请并经部门负责人和人力资源部批准。公司出资的单笔培训费用超过一万元的，双方应签订培训服务期协议，服务期一般为一至两年；员工在服务期内主动离职的，应按未履行的服务期比例退还培训费用。\n第五十一条 公司每年开展一次内部晋升评审，分为专业序列（P序列）和管理序列（M序列）。申请晋升的员工应满足在当前职级工作满一年、最近两个考核周期均为B及以上等条件，并通过评审委员会答辩。\n第五十二条 公司鼓励内部转岗。员工在当前岗位工作满一年、最近一次考核为B及以上的，可申请转岗，原部门不得无故阻拦，但可要求不超过一个月的交接期。".format(tb=rng.choice([3000, 5000, 8000])))
    P.append("第十二章 办公行为规范\n第五十三条 员工在工作时间应着装整洁得体。面见客户、参加外部会议时，应按照业务要求着商务装。周五为便装日。\n第五十四条 员工应爱护公司财物，不得将办公设备用于私人用途。离开办公区时，应关闭个人电脑显示器，最后离开的员工负责关闭灯光和空调。\n第五十五条 会议应提前发出议程，准时开始和结束。会议室预订后不用的，应及时取消。会议中应尊重他人发言，手机调至静音。\n第五十六条 公司办公区域全面禁烟，吸烟须到指定区域。禁止在工位上食用气味较大的食品。\n第五十七条 员工在社交媒体上发布与公司相关的信息时，须遵守公司的对外发布规范，不得泄露未公开的业务信息，不得以公司名义发表个人观点。接受媒体采访须事先经市场部批准。")
    P.append("第十三章 反骚扰与员工关怀\n第五十八条 公司禁止任何形式的性骚扰、职场欺凌、歧视和报复行为。员工遭受或发现上述行为的，可通过直属上级、人力资源部或匿名举报邮箱进行投诉，公司将在收到投诉后十个工作日内启动调查，并对投诉人信息严格保密。\n第五十九条 公司为员工提供员工援助计划（EAP），员工及其直系亲属可免费获得每年{eap}次心理咨询服务。\n第六十条 女员工在孕期、产期、哺乳期内，公司不得降低其工资、予以辞退或解除劳动合同，法律另有规定的除外。哺乳期女员工每天享有一小时哺乳时间，公司设有母婴室。\n第六十一条 员工因工负伤的，应在事故发生后二十四小时内报告人力资源部，由公司按照《工伤保险条例》的规定申请工伤认定。".format(eap=rng.choice([4, 6, 8])))

    P.append("第十四章 办公设备与IT支持\n第六十二条 公司为员工配发工作电脑及必要的办公设备，员工应签字领用，离职时完好归还。设备因个人原因损坏或丢失的，员工应按设备折旧后的价值赔偿。\n第六十三条 员工不得自行安装来源不明的软件，确需安装的须通过IT服务台申请。公司有权对工作电脑进行安全检查和软件合规审计。\n第六十四条 IT服务台工作时间为工作日{it}，紧急问题可拨打值班电话。账号开通、权限申请、设备报修等事项统一通过服务台系统提交工单，一般问题在一个工作日内响应。\n第六十五条 员工使用个人设备访问公司系统的，须安装公司指定的安全管理软件，并同意公司在必要时远程擦除设备中的公司数据。".format(it=rng.choice(["8:30至19:00", "9:00至18:30", "8:00至20:00"])))

    faq = [
        ("年假可以拆开休吗？", "可以。年休假可以集中安排，也可以分段安排，但每次至少半天。"),
        ("试用期可以请年假吗？", "累计工作年限满一年的员工，试用期内也可以按规定休年假，具体天数按本年度剩余日历天数折算。"),
        ("病假期间可以出差吗？", "不可以。病假期间员工应以休养为主，不得安排出差或加班。"),
        ("出差时可以顺便在当地多待两天吗？", "可以在周末或休假期间自费停留，但须在出差申请中说明，多出的住宿和交通费用由员工自行承担。"),
        ("打车费怎么报销？", "出差期间往返机场、车站及因公外出的打车费可凭电子行程单报销；日常通勤打车费不予报销，加班至22点以后除外。"),
        ("居家办公要打卡吗？", "需要。居家办公须在企业微信中进行远程打卡，并保持工作时间在线。"),
        ("离职后还能拿到年终奖吗？", "按照手册规定，年终奖发放时已离职或已提出离职的员工不享受当年年终奖，劳动合同另有约定的除外。"),
        ("丢失发票怎么办？", "原则上不予报销。如确属特殊情况，须提供付款记录和情况说明，经部门负责人和财务负责人共同审批。"),
        ("可以用ChatGPT之类的工具写代码吗？", "可以使用公司采购的AI工具。未经信息安全部门批准，不得将公司代码或客户数据粘贴到外部AI工具中。"),
        ("生日福利是什么？", "员工生日当月可领取价值{}元的蛋糕券，并可享受半天生日假。".format(rng.choice([200, 300]))),
    ]
    sel = rng.sample(faq, len(faq) if size >= 2 else rng.randint(8, 10))
    P.append("附录一 常见问题（FAQ）\n" + "\n".join("问：{}\n答：{}".format(q, a) for q, a in sel))
    P.append("附录二 本手册自发布之日起施行，原《员工手册》同时废止。员工应认真阅读本手册，并在入职时签署《员工手册确认书》。")
    return "\n\n".join(P), {"company": co}


def gen_es_lease(rng, size=1):
    """ES: Spanish residential lease (LAU) with inventory annex."""
    city, street = rng.choice([("Madrid", "Calle del Pez"), ("Valencia", "Avenida de Blasco Ibáñez"), ("Sevilla", "Calle Feria"), ("Zaragoza", "Paseo de la Independencia"),
                               ("Málaga", "Calle Carretería"), ("Bilbao", "Calle Ercilla"), ("Barcelona", "Carrer de Provença"), ("Madrid", "Calle de Ibiza"), ("Valencia", "Calle de Cádiz")])
    num = rng.randint(3, 140)
    piso = rng.choice(["2º B", "3º izquierda", "1º A", "4º derecha", "bajo C", "5º D"])
    landlord = rng.choice(["Dña. María Teresa Ortega Ruiz", "D. Javier Molina Castro", "Inversiones Alameda 2018, S.L.", "D. Antonio Beltrán Soler"])
    tenant = rng.choice(["D. Daniel Fuentes García", "Dña. Lucía Navarro Pérez", "D. Sergio Ramos Lozano", "Dña. Carla Vidal Moreno"])
    rent = rng.choice([650, 780, 850, 950, 1100, 1250, 1400])
    fianza = 1
    garantia = rng.choice([0, 1, 2])
    day = rng.choice([5, 7, 10])
    dur = rng.choice([1, 1, 3, 5])
    min_stay = rng.choice([6, 12])
    penal = rng.choice(["una mensualidad de renta en vigor por cada año de contrato que reste por cumplir, prorrateándose los periodos inferiores al año",
                        "dos mensualidades de renta, con independencia del tiempo que reste por cumplir",
                        "la renta correspondiente a los meses que falten hasta completar el primer año"])
    pets = rng.choice([True, False])
    ibi = rng.random() < 0.5
    comunidad = rng.random() < 0.4
    small_repairs = rng.choice([150, 200, 300])
    agency_fee = rng.random() < 0.3
    start = "{} de {} de {}".format(rng.randint(1, 28), rng.choice(["enero", "marzo", "junio", "septiembre", "octubre"]), rng.choice([2024, 2025]))
    P = []
    P.append("CONTRATO DE ARRENDAMIENTO DE VIVIENDA")
    P.append("En {}, a {}.".format(city, start))
    P.append("REUNIDOS\nDe una parte, {}, mayor de edad, con DNI/NIF {}, en adelante \"LA PARTE ARRENDADORA\".\nDe otra parte, {}, mayor de edad, con DNI {}, en adelante \"LA PARTE ARRENDATARIA\".\nAmbas partes se reconocen mutuamente la capacidad legal necesaria para otorgar el presente contrato y, a tal efecto,".format(
        landlord, "{:08d}{}".format(rng.randint(10000000, 99999999), rng.choice("ABCDHJKLMNPRSTVWXYZ")), tenant, "{:08d}{}".format(rng.randint(10000000, 99999999), rng.choice("ABCDHJKLMNPRSTVWXYZ"))))
    P.append("EXPONEN\nI. Que LA PARTE ARRENDADORA es propietaria de la vivienda situada en {} n.º {}, {}, de {}, con una superficie útil aproximada de {} m², que consta de {}, salón-comedor, cocina{}, {} {}. Referencia catastral: {}.\nII. Que la vivienda cuenta con certificado de eficiencia energética con calificación {}, del que se entrega copia a LA PARTE ARRENDATARIA.\nIII. Que LA PARTE ARRENDATARIA está interesada en arrendar dicha vivienda para destinarla a su residencia habitual y permanente, por lo que ambas partes acuerdan formalizar el presente contrato con arreglo a las siguientes".format(
        street, num, piso, city, rng.randint(55, 120), rng.choice(["un dormitorio", "dos dormitorios", "tres dormitorios", "cuatro dormitorios"]), rng.choice(["", " amueblada", " equipada"]), rng.choice(["un baño", "dos baños"]), rng.choice(["y terraza", "y trastero", "y plaza de garaje n.º {}".format(rng.randint(1, 60)), ""]),
        "{}{}".format(rng.randint(1000000, 9999999), "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(6))), rng.choice("ABCDEFG")).replace(" ,", ","))
    P.append("CLÁUSULAS")
    cl = []
    cl.append("PRIMERA.- OBJETO. LA PARTE ARRENDADORA arrienda a LA PARTE ARRENDATARIA, que acepta, la vivienda descrita en el expositivo I, junto con el mobiliario y enseres que se relacionan en el inventario que se adjunta como Anexo I y que forma parte inseparable de este contrato. La vivienda se destinará exclusivamente a residencia habitual de LA PARTE ARRENDATARIA{}, quedando prohibido cualquier otro uso, incluido el alquiler turístico o por habitaciones.".format(
        rng.choice(["", " y de su unidad familiar", " y de las personas que convivan con ella, cuya identidad se comunicará por escrito"])))
    cl.append("SEGUNDA.- DURACIÓN. El presente contrato tendrá una duración de {} año{} a contar desde la fecha de su firma. Llegado el día del vencimiento, el contrato se prorrogará obligatoriamente por plazos anuales hasta que alcance una duración mínima de cinco años (siete si LA PARTE ARRENDADORA fuese persona jurídica), salvo que LA PARTE ARRENDATARIA manifieste a LA PARTE ARRENDADORA, con treinta días de antelación como mínimo a la fecha de terminación del contrato o de cualquiera de sus prórrogas, su voluntad de no renovarlo, todo ello conforme al artículo 9 de la Ley 29/1994, de Arrendamientos Urbanos (LAU).".format(dur, "s" if dur > 1 else ""))
    cl.append("TERCERA.- DESISTIMIENTO. LA PARTE ARRENDATARIA podrá desistir del contrato una vez hayan transcurrido al menos {} meses desde su firma, siempre que lo comunique a LA PARTE ARRENDADORA con una antelación mínima de treinta días. En tal caso, LA PARTE ARRENDATARIA deberá indemnizar a LA PARTE ARRENDADORA con una cantidad equivalente a {}.".format(min_stay, penal))
    cl.append("CUARTA.- RENTA. La renta anual se fija en {:_} euros, pagaderos en doce mensualidades de {:_} euros cada una. El pago se realizará por meses anticipados, dentro de los {} primeros días de cada mes, mediante transferencia a la cuenta bancaria titularidad de LA PARTE ARRENDADORA con IBAN ES{} {} {} {} {}. El justificante de la transferencia servirá como recibo.".format(
        rent * 12, rent, day, rng.randint(10, 99), rng.randint(1000, 9999), rng.randint(1000, 9999), rng.randint(10, 99), rng.randint(1000000000, 9999999999)).replace("_", "."))
    cl.append("QUINTA.- ACTUALIZACIÓN DE LA RENTA. La renta se actualizará anualmente, en la fecha en que se cumpla cada año de vigencia del contrato, aplicando la variación porcentual experimentada por el índice de referencia que legalmente resulte aplicable a los contratos de arrendamiento de vivienda en cada momento{}. La actualización se notificará por escrito con al menos un mes de antelación.".format(
        rng.choice(["", "; en su defecto, se aplicará la variación del Índice de Precios al Consumo (IPC) de los doce meses anteriores", ", sin que en ningún caso pueda superar el límite que establezca la normativa vigente"])))
    cl.append("SEXTA.- FIANZA Y GARANTÍAS ADICIONALES. En este acto LA PARTE ARRENDATARIA entrega la cantidad de {:_} euros, equivalente a {} mensualidad de renta, en concepto de fianza legal, que LA PARTE ARRENDADORA depositará en el organismo autonómico competente. {} La fianza será devuelta a la finalización del contrato, en el plazo de un mes desde la entrega de llaves, una vez comprobado el buen estado de la vivienda y el pago de todas las rentas y suministros, pudiendo LA PARTE ARRENDADORA descontar de ella los importes adeudados o los daños causados.".format(
        rent * fianza, "una", ("Además, entrega {:_} euros en concepto de garantía adicional, equivalente a {} mensualidad{} de renta.".format(rent * garantia, "una" if garantia == 1 else "dos", "" if garantia == 1 else "es") if garantia else "No se exige garantía adicional.")).replace("_", "."))
    cl.append("SÉPTIMA.- GASTOS Y SUMINISTROS. Serán de cuenta de LA PARTE ARRENDATARIA los gastos de los suministros de agua, electricidad, gas{} e internet, que se individualizan mediante contadores, debiendo cambiar la titularidad de los contratos a su nombre en el plazo de quince días. {} {} La tasa de basuras será abonada por {}.".format(
        rng.choice(["", " natural", " y calefacción central"]),
        "El Impuesto sobre Bienes Inmuebles (IBI) será repercutido a LA PARTE ARRENDATARIA, que lo abonará junto con la renta del mes siguiente a su pago." if ibi else "El Impuesto sobre Bienes Inmuebles (IBI) será a cargo de LA PARTE ARRENDADORA.",
        "Los gastos de comunidad, que ascienden actualmente a {} euros mensuales, serán a cargo de LA PARTE ARRENDATARIA.".format(rng.randint(40, 120)) if comunidad else "Los gastos generales de comunidad serán a cargo de LA PARTE ARRENDADORA.",
        rng.choice(["LA PARTE ARRENDATARIA", "LA PARTE ARRENDADORA"])))
    cl.append("OCTAVA.- CONSERVACIÓN Y REPARACIONES. LA PARTE ARRENDADORA está obligada a realizar, sin derecho a elevar por ello la renta, todas las reparaciones necesarias para conservar la vivienda en condiciones de habitabilidad, salvo cuando el deterioro sea imputable a LA PARTE ARRENDATARIA. Las pequeñas reparaciones que exija el desgaste por el uso ordinario de la vivienda serán de cargo de LA PARTE ARRENDATARIA. A estos efectos, las partes acuerdan considerar pequeñas reparaciones aquellas cuyo importe no supere {} euros por intervención{}. LA PARTE ARRENDATARIA deberá poner en conocimiento de LA PARTE ARRENDADORA, en el plazo más breve posible, la necesidad de las reparaciones que correspondan a esta.".format(
        small_repairs, rng.choice(["", ", así como el mantenimiento anual de la caldera y la sustitución de bombillas, grifos y mecanismos eléctricos", ", incluidos los electrodomésticos, cuya reparación o sustitución correrá siempre a cargo de LA PARTE ARRENDATARIA"])))
    cl.append("NOVENA.- OBRAS. LA PARTE ARRENDATARIA no podrá realizar obras que modifiquen la configuración de la vivienda, ni pintar con colores distintos del original, ni taladrar azulejos, sin el consentimiento expreso y por escrito de LA PARTE ARRENDADORA. Las mejoras realizadas quedarán en beneficio de la vivienda sin derecho a indemnización, salvo pacto en contrario. Se exceptúan las obras de adaptación necesarias por discapacidad, en los términos del artículo 24 de la LAU.")
    cl.append("DÉCIMA.- ANIMALES DE COMPAÑÍA. {}".format(
        "Se permite la tenencia de animales de compañía, siendo LA PARTE ARRENDATARIA responsable de los daños que estos causen en la vivienda o a terceros, y debiendo dejar la vivienda en perfecto estado de limpieza y desinfección a la finalización del contrato." if pets else
        "Queda expresamente prohibida la tenencia de animales de compañía en la vivienda sin autorización previa y por escrito de LA PARTE ARRENDADORA. El incumplimiento de esta cláusula será causa de resolución del contrato."))
    cl.append("UNDÉCIMA.- CESIÓN Y SUBARRIENDO. Queda prohibida la cesión del contrato y el subarriendo total o parcial de la vivienda sin el consentimiento escrito de LA PARTE ARRENDADORA.")
    cl.append("DUODÉCIMA.- ACCESO A LA VIVIENDA. LA PARTE ARRENDATARIA permitirá el acceso a la vivienda a LA PARTE ARRENDADORA o a las personas que esta designe para la inspección y comprobación del estado de la vivienda, así como para la realización de las obras necesarias, previo aviso con al menos {} de antelación, salvo en caso de urgencia. {}".format(
        rng.choice(["48 horas", "24 horas", "siete días"]), rng.choice(["", "Durante los dos últimos meses de contrato, LA PARTE ARRENDATARIA permitirá las visitas de posibles nuevos inquilinos dos tardes por semana.", "LA PARTE ARRENDADORA podrá inspeccionar la vivienda una vez cada seis meses."])).strip())
    cl.append("DECIMOTERCERA.- SEGURO. LA PARTE ARRENDATARIA {} suscribir un seguro de responsabilidad civil y daños al contenido durante toda la vigencia del contrato{}.".format(
        rng.choice(["se obliga a", "podrá"]), rng.choice(["", ", debiendo entregar copia de la póliza a LA PARTE ARRENDADORA cuando esta lo solicite"])))
    if agency_fee:
        cl.append("DECIMOCUARTA.- HONORARIOS. Los honorarios de la agencia inmobiliaria que ha intermediado en el presente contrato, por importe de {:_} euros más IVA, serán abonados por LA PARTE ARRENDATARIA en el momento de la firma.".format(rent).replace("_", "."))
    else:
        cl.append("DECIMOCUARTA.- GASTOS DE FORMALIZACIÓN. Los gastos de gestión inmobiliaria y de formalización del contrato serán a cargo de LA PARTE ARRENDADORA, de conformidad con el artículo 20.1 de la LAU.")
    cl.append("DECIMOQUINTA.- CAUSAS DE RESOLUCIÓN. Además de las previstas legalmente, serán causas de resolución del contrato la falta de pago de la renta o de cualquiera de las cantidades cuyo pago haya asumido LA PARTE ARRENDATARIA, el subarriendo o cesión no consentidos, la realización de daños dolosos en la vivienda o de obras no consentidas, y la realización de actividades molestas, insalubres, nocivas, peligrosas o ilícitas. {}".format(
        rng.choice(["", "El retraso en el pago de dos mensualidades, consecutivas o no, dará derecho a LA PARTE ARRENDADORA a resolver el contrato de forma inmediata.",
                    "En caso de retraso en el pago superior a diez días, LA PARTE ARRENDATARIA abonará un recargo del 10% sobre la mensualidad adeudada."])).strip())
    cl.append("DECIMOSEXTA.- ENTREGA DE LA VIVIENDA. A la finalización del contrato, LA PARTE ARRENDATARIA devolverá las llaves y la vivienda en el mismo estado en que la recibió, salvo el desgaste normal por el uso, y completamente vacía de enseres propios. {} Por cada día de retraso en la entrega de las llaves, LA PARTE ARRENDATARIA abonará en concepto de penalización {} euros diarios.".format(
        rng.choice(["La vivienda deberá entregarse pintada en color blanco.", "Si la vivienda no se entrega limpia, el coste de la limpieza profesional se descontará de la fianza.", ""]), rng.choice([30, 50, 60, 100])).replace("  ", " "))
    cl.append("DECIMOSÉPTIMA.- NOTIFICACIONES. Las partes designan como domicilio a efectos de notificaciones, LA PARTE ARRENDATARIA la vivienda arrendada y LA PARTE ARRENDADORA el que figura en el encabezamiento, aceptándose igualmente las comunicaciones por correo electrónico a las direcciones {} y {}.".format(
        rng.choice(["arrendador.{}@correo.es".format(rng.randint(10, 99)), "propiedad{}@gmail.com".format(rng.randint(100, 999))]), "inquilino{}@correo.es".format(rng.randint(10, 99))))
    cl.append("DECIMOCTAVA.- LEGISLACIÓN Y JURISDICCIÓN. El presente contrato se rige por lo dispuesto en la Ley 29/1994, de 24 de noviembre, de Arrendamientos Urbanos, y supletoriamente por el Código Civil. Para cualquier controversia, las partes se someten a los Juzgados y Tribunales de {}.".format(city))
    P.extend(cl)
    P.append("Y en prueba de conformidad, las partes firman el presente contrato por duplicado y a un solo efecto en el lugar y fecha indicados en el encabezamiento.\n\nLA PARTE ARRENDADORA                LA PARTE ARRENDATARIA")
    rooms = {
        "Salón-comedor": ["sofá de tres plazas", "mesa de comedor extensible", "cuatro sillas", "mueble de televisión", "estantería", "lámpara de techo", "cortinas", "alfombra", "aparato de aire acondicionado split"],
        "Cocina": ["frigorífico combi", "lavadora", "horno eléctrico", "placa de inducción", "campana extractora", "microondas", "lavavajillas", "muebles altos y bajos", "mesa plegable"],
        "Dormitorio principal": ["cama de matrimonio de 150 cm", "colchón", "dos mesitas de noche", "armario empotrado de cuatro puertas", "cómoda", "persiana motorizada"],
        "Dormitorio 2": ["cama individual de 90 cm", "escritorio", "silla de oficina", "armario de dos puertas", "estantería"],
        "Baño": ["espejo con armario", "mampara de ducha", "toallero", "lavabo con mueble", "calentador/termo eléctrico"],
        "Terraza / tendedero": ["tendedero de pared", "dos sillas de exterior", "mesa pequeña de exterior", "toldo"],
    }
    conds = ["buen estado", "buen estado", "buen estado", "nuevo", "uso normal", "desgaste visible", "arañazo en la parte lateral", "mancha en la tapicería", "no funciona el mando", "puerta descolgada", "falta una balda", "junta deteriorada", "quemadura pequeña en la superficie", "pintura desconchada"]
    inv = ["ANEXO I - INVENTARIO Y ESTADO DE CONSERVACIÓN (a fecha de entrega de llaves)"]
    for room, items in rooms.items():
        inv.append(room + ":")
        for it in items:
            if rng.random() < 0.85:
                inv.append("  - {}: {}".format(it, rng.choice(conds)))
    inv.append("Lecturas de contadores a la entrega: luz {} kWh; agua {} m³; gas {} m³.".format(rng.randint(10000, 60000), rng.randint(100, 900), rng.randint(1000, 9000)))
    inv.append("Llaves entregadas: {} llaves del portal, {} de la vivienda, {} del buzón{}.".format(rng.randint(1, 3), rng.randint(2, 3), 1, rng.choice(["", ", 1 mando de garaje", ", 1 llave del trastero"])))
    inv.append("Observaciones: " + rng.choice(["Se adjuntan 42 fotografías del estado de la vivienda firmadas por ambas partes.", "Paredes recién pintadas en color blanco.", "Pendiente de reparar la cisterna del baño por parte de LA PARTE ARRENDADORA antes del día 15.", "Ninguna."]))
    P.append("\n".join(inv))
    return "\n\n".join(P), {"city": city}


def gen_de_weg(rng, size=1):
    """DE: minutes of a German condominium owners' meeting (WEG)."""
    addr = rng.choice(["Lindenstraße 14-16, 50674 Köln", "Am Stadtpark 7, 90409 Nürnberg", "Hafenweg 22, 22769 Hamburg", "Schillerplatz 3, 70173 Stuttgart", "Gartenstraße 45, 04107 Leipzig", "Kastanienallee 9, 10435 Berlin"])
    verw = rng.choice(["Hausverwaltung Brenner & Söhne GmbH", "Immobilienverwaltung Nordlicht GmbH", "WEG-Verwaltung Kaiser KG", "Hausverwaltung am Ring GmbH"])
    leiter = rng.choice(["Herr Brenner", "Frau Lindemann", "Herr Yilmaz", "Frau Kowalczyk"])
    units = rng.randint(12, 38)
    present_mea = rng.randint(520, 880)
    date = "{}.{:02d}.{}".format(rng.randint(1, 28), rng.randint(3, 11), rng.choice([2024, 2025]))

    def vote(pass_=True, total=None):
        total = total or present_mea
        if pass_:
            yes = rng.randint(int(total * 0.55), total - 10)
        else:
            yes = rng.randint(int(total * 0.2), int(total * 0.48))
        no = rng.randint(0, total - yes)
        abst = total - yes - no
        return yes, no, abst

    def vtxt(v, pass_):
        return "Abstimmungsergebnis (nach Miteigentumsanteilen): Ja {} / Nein {} / Enthaltung {}. Der Beschlussantrag ist damit {}. Die Versammlungsleitung verkündet das Ergebnis.".format(
            v[0], v[1], v[2], "angenommen" if pass_ else "abgelehnt")

    roof = rng.choice([148000, 186500, 212000, 264000])
    rl = rng.randint(60000, 160000)
    roof_from_rl = min(rl - 20000, roof // 2)
    roof_sonder = roof - roof_from_rl
    wallbox_ok = rng.random() < 0.7
    hv_fee = rng.choice([26, 28, 31, 34])
    tops = []
    tops.append(("Jahresabrechnung {}".format(int(date[-4:]) - 1),
                 "Die Jahresabrechnung für das Wirtschaftsjahr {} wurde allen Eigentümern mit der Einladung übersandt. Die Gesamtkosten betrugen {:_} €, davon entfielen {:_} € auf Heizung und Warmwasser. Die Abrechnung weist gegenüber dem Wirtschaftsplan eine Nachzahlung von insgesamt {:_} € aus, die im Wesentlichen auf gestiegene Energiekosten zurückzuführen ist. Der Verwaltungsbeirat hat die Belege am {} geprüft und keine Beanstandungen festgestellt. Auf Nachfrage von Eigentümer {} erläutert die Verwaltung die Position „Hausmeisterleistungen“, die aufgrund von Zusatzaufträgen (Laubbeseitigung, Winterdienst) um 18 % gestiegen ist.\nBeschlussantrag: Die Nachschüsse bzw. Anpassungen der beschlossenen Vorschüsse gemäß den Einzelabrechnungen werden genehmigt. Fälligkeit: 30 Tage nach Beschlussfassung.".format(
                     int(date[-4:]) - 1, rng.randint(60, 140) * 1000, rng.randint(25, 60) * 1000, rng.randint(4, 30) * 1000, "{}.{:02d}.".format(rng.randint(1, 28), rng.randint(1, 3)), rng.choice(["Weber (WE 4)", "Schulz (WE 11)", "Demir (WE 7)"])).replace("_", "."), True))
    tops.append(("Entlastung des Verwaltungsbeirats",
                 "Der Verwaltungsbeirat berichtet über seine Tätigkeit im abgelaufenen Jahr, insbesondere über die Begleitung der Angebotseinholung für die Dachsanierung und die Prüfung der Jahresabrechnung.\nBeschlussantrag: Dem Verwaltungsbeirat wird für das Wirtschaftsjahr Entlastung erteilt.", True))
    tops.append(("Wirtschaftsplan {}".format(date[-4:]),
                 "Die Verwaltung stellt den Wirtschaftsplan vor. Aufgrund der gestiegenen Energie- und Versicherungskosten steigt das Hausgeld im Durchschnitt um {} %. Die Zuführung zur Erhaltungsrücklage wird von {:_} € auf {:_} € jährlich erhöht.\nBeschlussantrag: Der Wirtschaftsplan wird einschließlich der Einzelwirtschaftspläne beschlossen und gilt bis zur Beschlussfassung über einen neuen Wirtschaftsplan fort.".format(
                     rng.randint(6, 14), rng.randint(8, 15) * 1000, rng.randint(16, 25) * 1000).replace("_", "."), True))
    tops.append(("Dachsanierung - Beschluss über Durchführung und Finanzierung",
                 "Nach dem Gutachten des Sachverständigen Dipl.-Ing. {} ist die Dacheindeckung in weiten Teilen am Ende ihrer Nutzungsdauer; bei Starkregen kam es mehrfach zu Feuchtigkeitsschäden in den Wohnungen im Dachgeschoss. Es liegen drei Angebote vor: Firma {} ({:_} €), Firma {} ({:_} €) und Firma {} ({:_} €, inklusive Aufdachdämmung nach GEG). Der Verwaltungsbeirat empfiehlt das Angebot mit Dämmung, da hierfür voraussichtlich ein Zuschuss der KfW bzw. BAFA beantragt werden kann. Die Erhaltungsrücklage beträgt zum Stichtag {:_} €. Es wird diskutiert, ob die Rücklage vollständig aufgebraucht werden sollte; mehrere Eigentümer sprechen sich für einen Mindestbestand aus.\nBeschlussantrag: Die Dachsanierung wird gemäß Angebot der Firma {} zu Gesamtkosten von brutto {:_} € beauftragt. Die Finanzierung erfolgt in Höhe von {:_} € aus der Erhaltungsrücklage und in Höhe von {:_} € über eine Sonderumlage, die nach Miteigentumsanteilen verteilt wird und in zwei gleichen Raten am {} und {} fällig ist. Die Verwaltung wird ermächtigt, Fördermittel zu beantragen; etwaige Zuschüsse fließen der Rücklage zu.".format(
                     rng.choice(["Hartmann", "Köhler", "Schneider"]), "Dachbau Krüger", roof - rng.randint(15000, 30000), "Bedachungen Lang GmbH", roof + rng.randint(5000, 20000), "Holzmann Dach & Fassade", roof, rl,
                     "Holzmann Dach & Fassade", roof, roof_from_rl, roof_sonder, "01.{:02d}.".format(rng.randint(2, 6)), "01.{:02d}.".format(rng.randint(7, 11))).replace("_", "."), True))
    tops.append(("Bauliche Veränderung: Installation von Wallboxen in der Tiefgarage",
                 "Eigentümer {} beantragt die Gestattung einer Wallbox an seinem Stellplatz Nr. {} auf eigene Kosten gemäß § 20 Abs. 2 WEG. Zugleich wird diskutiert, ob die Gemeinschaft eine gemeinsame Ladeinfrastruktur (Lastmanagement, Vorbereitung für bis zu 20 Stellplätze) planen lassen soll. Kostenschätzung für die Planung: {:_} €. Einige Eigentümer äußern Bedenken wegen der Brandgefahr; der Verwalter verweist auf die Stellungnahme der Feuerversicherung, die keine Prämienerhöhung vorsieht.\nBeschlussantrag a): Die Installation der Wallbox wird gestattet; Kosten, Folgekosten und Haftung trägt der Antragsteller.\nBeschlussantrag b): Die Verwaltung wird beauftragt, ein Planungsbüro mit einem Gesamtkonzept für Ladeinfrastruktur zu beauftragen (Kosten bis {:_} €, Finanzierung aus der Rücklage).".format(
                     rng.choice(["Dr. Fischer (WE 2)", "Neumann (WE 9)", "Öztürk (WE 15)"]), rng.randint(1, 30), rng.randint(3, 8) * 1000, rng.randint(5, 9) * 1000).replace("_", "."), wallbox_ok))
    tops.append(("Erhöhung der Verwaltervergütung",
                 "Die Verwaltung beantragt eine Erhöhung der Grundvergütung auf {} € netto je Einheit und Monat (bisher {} €) mit Wirkung ab dem {}, begründet mit gestiegenen Personal- und IT-Kosten. Mehrere Eigentümer halten die Erhöhung für zu hoch und verweisen auf Vergleichsangebote.\nBeschlussantrag: Der Verwaltervertrag wird hinsichtlich der Vergütung entsprechend angepasst.".format(hv_fee, hv_fee - rng.randint(3, 6), "01.01." + str(int(date[-4:]) + 1)), rng.random() < 0.5))
    tops.append(("Hausordnung: Ruhezeiten und Nutzung des Fahrradkellers",
                 "Es wird über wiederholte Beschwerden über abgestellte Fahrräder im Treppenhaus und über nicht mehr genutzte Fahrräder im Fahrradkeller berichtet. Vorgeschlagen wird eine Kennzeichnungsaktion: Alle Fahrräder sind bis zum {} mit Namensschild zu versehen; nicht gekennzeichnete Räder werden nach Ankündigung entfernt und sechs Monate eingelagert. Zudem soll die Mittagsruhe (13-15 Uhr) in der Hausordnung ergänzt werden.\nBeschlussantrag: Die Hausordnung wird wie in der Anlage zur Einladung vorgeschlagen geändert.".format("{}.{:02d}.".format(rng.randint(1, 28), rng.randint(1, 12))), True))
    tops.append(("Heizungsanlage - Hydraulischer Abgleich und Ausblick Heizungstausch",
                 "Die Gaszentralheizung stammt aus dem Jahr {}. Der Energieberater empfiehlt kurzfristig einen hydraulischen Abgleich (ca. {:_} €) und mittelfristig die Prüfung einer Wärmepumpe bzw. eines Anschlusses an das geplante Fernwärmenetz. Die Verwaltung weist auf die Pflichten nach dem Gebäudeenergiegesetz hin. Eine Entscheidung über den Heizungstausch soll erst nach Vorliegen der kommunalen Wärmeplanung getroffen werden.\nBeschlussantrag: Der hydraulische Abgleich wird beauftragt; Finanzierung aus der Rücklage.".format(rng.randint(1996, 2008), rng.randint(6, 14) * 1000).replace("_", "."), True))
    tops.append(("Balkonsanierung Südseite",
                 "An mehreren Balkonen der Südseite zeigen sich Abplatzungen an den Betonkanten und Rostfahnen. Der Sachverständige hält eine Sanierung innerhalb der nächsten zwei Jahre für erforderlich. Streitig ist, ob die Kosten die Gemeinschaft oder die jeweiligen Sondereigentümer tragen; nach der Teilungserklärung gehören die Balkonplatten zum Gemeinschaftseigentum.\nBeschlussantrag: Die Verwaltung holt drei Angebote ein und legt sie der nächsten Versammlung zur Entscheidung vor.", True))
    tops.append(("Rauchwarnmelder - Wartungsvertrag",
                 "Der bisherige Wartungsvertrag läuft aus. Angebot des bisherigen Dienstleisters: {} € pro Melder und Jahr inklusive Funkprüfung; Alternativangebot: {} € ohne Funkprüfung, mit jährlicher Begehung.\nBeschlussantrag: Die Wartung wird an den günstigeren Anbieter vergeben.".format(
                     str(round(rng.uniform(5.5, 8.5), 2)).replace(".", ","), str(round(rng.uniform(3.5, 5.2), 2)).replace(".", ",")), rng.random() < 0.6))
    tops.append(("Gartenpflege und Spielplatz",
                 "Eigentümer mit Kindern regen an, den Sandkasten zu erneuern und eine Schaukel aufzustellen (Kosten ca. {:_} €). Andere Eigentümer befürchten Lärm und Haftungsrisiken. Die Gartenpflegefirma soll künftig nur noch einmal im Monat statt zweimal kommen, um Kosten zu sparen.\nBeschlussantrag: Die Erneuerung des Spielbereichs wird beauftragt; die Frequenz der Gartenpflege bleibt unverändert.".format(rng.randint(2, 6) * 1000).replace("_", "."), rng.random() < 0.5))
    tops.append(("Verschiedenes (ohne Beschlussfassung)",
                 "- Die Verwaltung informiert, dass die Gebäudeversicherung zum Jahresende um {} % steigt.\n- Es wird angeregt, die Eigentümerversammlung künftig auch hybrid (online) durchzuführen; hierzu wäre ein gesonderter Beschluss erforderlich.\n- Eigentümer {} weist auf eine defekte Beleuchtung im Hinterhof hin; die Verwaltung beauftragt den Hausmeister.\n- Der Verwaltungsbeirat bittet um Freiwillige für die nächste Belegprüfung.".format(rng.randint(8, 25), rng.choice(["Hoffmann (WE 6)", "Braun (WE 13)", "Keller (WE 3)"])), None))
    n = {1: 8, 2: 10, 3: 12}[size]
    first = tops[:4]
    rest = tops[4:-1]
    rng.shuffle(rest)
    sel = first + rest[: max(0, n - 5)] + [tops[-1]]
    P = []
    P.append("Niederschrift über die ordentliche Eigentümerversammlung der WEG {}".format(addr))
    P.append("Datum: {}, Beginn: {} Uhr, Ende: {} Uhr\nOrt: {}\nVersammlungsleitung: {} ({})\nProtokollführung: {}".format(
        date, rng.choice(["18:00", "18:30", "19:00"]), rng.choice(["21:10", "21:45", "22:15"]), rng.choice(["Gemeindesaal St. Markus", "Besprechungsraum der Verwaltung", "Nebenraum Gaststätte „Zum Anker“"]), leiter, verw, rng.choice(["Frau Becker", "Herr Wolff", "Frau Schmitt"])))
    P.append("TOP 0: Eröffnung, Feststellung der ordnungsgemäßen Einladung und der Stimmverhältnisse\nDie Versammlungsleitung eröffnet die Versammlung und stellt fest, dass form- und fristgerecht mit Schreiben vom {} eingeladen wurde. Es sind {} von {} Einheiten anwesend oder vertreten; dies entspricht {}/1.000 Miteigentumsanteilen. Nach § 25 WEG ist die Versammlung unabhängig von der Zahl der vertretenen Anteile beschlussfähig. Es wird nach Miteigentumsanteilen abgestimmt, soweit die Teilungserklärung dies vorsieht. Vollmachten liegen für {} Einheiten vor und werden dem Protokoll beigefügt.".format(
        "{}.{:02d}.".format(rng.randint(1, 28), rng.randint(1, 12)), rng.randint(units // 2, units), units, present_mea, rng.randint(1, 6)))
    for i, (title, body, passed) in enumerate(sel, 1):
        block = "TOP {}: {}\n{}".format(i, title, body)
        if passed is not None:
            if "Beschlussantrag a)" in body:
                block += "\nZu a): " + vtxt(vote(True), True) + "\nZu b): " + vtxt(vote(passed), passed)
            else:
                block += "\n" + vtxt(vote(passed), passed)
        P.append(block)
    P.append("Die Versammlungsleitung bedankt sich bei allen Anwesenden und schließt die Versammlung.\n\n{}, den {}\n\n______________________ Versammlungsleitung\n______________________ Verwaltungsbeirat\n______________________ Eigentümer/in".format(addr.split(", ")[-1].split(" ", 1)[-1], date))
    return "\n\n".join(P), {"roof": roof, "sonder": roof_sonder}


def gen_fr_conseil(rng, size=1):
    """FR: minutes of a French municipal council meeting."""
    commune = rng.choice(["Saint-Martin-des-Vignes", "Villeneuve-sur-Lèze", "Montbrison-le-Haut", "Beaulieu-en-Argonne", "Les Essarts-du-Lac", "Pont-Sainte-Marie-la-Forêt"])
    maire = rng.choice(["Mme Catherine Morel", "M. Philippe Garnier", "Mme Nadia Benali", "M. Jean-Luc Perrin"])
    elus = rng.sample(["M. Dubois", "Mme Lefèvre", "M. Roux", "Mme Fontaine", "M. Chevalier", "Mme Girard", "M. Lambert", "Mme Bonnet", "M. Mercier", "Mme Faure", "M. Rousseau", "Mme Blanc"], 8)
    pop = rng.randint(1800, 14000)
    n_cons = 19 if pop < 3500 else (23 if pop < 5000 else 27)
    present = n_cons - rng.randint(1, 5)
    date = "{} {} {}".format(rng.randint(1, 28), rng.choice(["janvier", "mars", "avril", "juin", "septembre", "novembre", "décembre"]), rng.choice([2024, 2025]))

    def vote():
        contre = rng.choice([0, 0, 0, 2, 3, 4])
        abst = rng.choice([0, 0, 1, 2])
        pour = present + rng.randint(0, 2) - contre - abst
        if contre == 0 and abst == 0:
            return "Adopté à l'unanimité."
        return "Adopté par {} voix pour, {} contre{}.".format(pour, contre, " et {} abstention{}".format(abst, "s" if abst > 1 else "") if abst else "")

    cantine_old = round(rng.uniform(2.8, 3.9), 2)
    cantine_new = round(cantine_old + rng.choice([0.10, 0.15, 0.20, 0.25]), 2)
    assoc = rng.sample([("Comité des fêtes", 3500), ("Club de football (USM)", 4200), ("Association des parents d'élèves", 1200), ("Club du 3e âge « Les Tilleuls »", 900),
                        ("École de musique intercommunale", 6500), ("Banque alimentaire locale", 2000), ("Judo club", 1800), ("Amicale des sapeurs-pompiers", 1500),
                        ("Association de randonnée « Les Sentiers »", 600), ("Théâtre amateur « La Réplique »", 1100), ("Jardins partagés du Moulin", 750)], rng.randint(6, 9))
    assoc = [(a, v + rng.choice([-200, -100, 0, 100, 300])) for a, v in assoc]
    D = []
    D.append(("Approbation du procès-verbal de la séance précédente",
              "Le procès-verbal de la séance du {} est soumis à l'approbation du conseil. {} demande qu'il soit précisé que son intervention sur la vitesse rue des Écoles portait sur les horaires de sortie d'école.".format(
                  rng.choice(["12 février", "3 avril", "28 juin", "14 octobre"]), rng.choice(elus))))
    D.append(("Budget primitif {} - budget principal".format(date[-4:]),
              "{} présente le budget primitif, qui s'équilibre à {:_} € en section de fonctionnement et à {:_} € en section d'investissement. Les taux de fiscalité locale restent inchangés (taxe foncière sur les propriétés bâties : {} %). Les principaux investissements prévus sont : la rénovation énergétique du groupe scolaire ({:_} €), la réfection de la voirie du chemin des Prés ({:_} €), l'extension du columbarium ({:_} €) et l'acquisition d'un véhicule électrique pour les services techniques ({:_} €). L'opposition regrette l'absence de crédits pour la maison médicale et s'interroge sur le recours à l'emprunt ({:_} €).".format(
                  rng.choice(elus), rng.randint(2, 9) * 1000000 + rng.randint(0, 999) * 1000, rng.randint(1, 5) * 1000000 + rng.randint(0, 999) * 1000, str(round(rng.uniform(32, 48), 2)).replace(".", ","),
                  rng.randint(350, 900) * 1000, rng.randint(120, 300) * 1000, rng.randint(40, 90) * 1000, rng.randint(28, 45) * 1000, rng.randint(200, 600) * 1000).replace("_", " ")))
    D.append(("Tarifs de la restauration scolaire",
              "Le prestataire de restauration a notifié une hausse de ses prix de {} %. Il est proposé de porter le prix du repas de {} € à {} € à compter de la rentrée, la commune continuant à prendre en charge environ {} % du coût réel du repas. Le tarif social pour les familles dont le quotient familial est inférieur à 700 € est maintenu à 1 €, dans le cadre du dispositif de l'État. {} propose d'augmenter la part de produits bio et locaux à 50 % ; le maire indique qu'un groupe de travail sera créé avec les parents d'élèves.".format(
                  rng.randint(4, 9), "{:.2f}".format(cantine_old).replace(".", ","), "{:.2f}".format(cantine_new).replace(".", ","), rng.randint(35, 55), rng.choice(elus))))
    D.append(("Subventions aux associations",
              "Après examen par la commission vie associative, il est proposé d'attribuer les subventions suivantes pour l'année :\n" + "\n".join("- {} : {:_} €".format(a, v).replace("_", " ") for a, v in assoc) +
              "\nLes élus membres des bureaux des associations concernées ne prennent pas part au vote. Le total s'élève à {:_} €, en hausse de {} % par rapport à l'an dernier.".format(sum(v for _, v in assoc), rng.randint(2, 8)).replace("_", " ")))
    D.append(("Rythmes scolaires et périscolaire",
              "Suite à la consultation des familles ({} % de participation), le conseil d'école s'est prononcé en faveur du maintien de la semaine de quatre jours. Le conseil est invité à solliciter auprès de la directrice académique la reconduction de cette organisation. Par ailleurs, l'accueil du mercredi sera étendu jusqu'à 18 h 30 et un animateur supplémentaire sera recruté.".format(rng.randint(55, 82))))
    D.append(("Modification simplifiée du Plan local d'urbanisme",
              "Il est proposé d'engager une procédure de modification simplifiée du PLU afin de permettre l'implantation d'une maison de santé pluriprofessionnelle sur la parcelle {} (zone AU). Le dossier sera mis à la disposition du public pendant un mois. {} s'inquiète de la hausse de la circulation ; une étude de stationnement sera réalisée.".format(
                  "AB {}".format(rng.randint(100, 999)), rng.choice(elus))))
    D.append(("Éclairage public - extinction nocturne",
              "Après une expérimentation de six mois, il est proposé de généraliser l'extinction de l'éclairage public de {} h à {} h, sauf sur la route départementale et aux abords de la gare. L'économie annuelle est estimée à {:_} €. La gendarmerie n'a pas constaté d'augmentation des faits de délinquance pendant l'expérimentation.".format(
                  rng.choice([23, 0]), rng.choice([5, 6]), rng.randint(8, 25) * 1000).replace("_", " ")))
    D.append(("Personnel communal - création de poste",
              "Afin de faire face à l'augmentation des effectifs scolaires, il est proposé de créer un poste d'adjoint technique territorial à temps non complet ({} h hebdomadaires) affecté à l'école et à la cantine, à compter du {}.".format(rng.choice([24, 28, 30]), rng.choice(["1er septembre", "1er janvier", "1er mars"]))))
    D.append(("Convention avec la communauté de communes - instruction des autorisations d'urbanisme",
              "La convention confiant l'instruction des permis de construire et déclarations préalables au service mutualisé de la communauté de communes arrive à échéance. La nouvelle convention prévoit une participation de {} € par acte instruit.".format(rng.randint(120, 260))))
    D.append(("Dénomination de voie",
              "Il est proposé de dénommer la voie desservant le nouveau lotissement « {} ». {} suggère de féminiser davantage les noms de rues de la commune ; le maire en prend note.".format(
                  rng.choice(["allée Simone Veil", "rue Gisèle Halimi", "impasse des Coquelicots", "rue Marie Curie"]), rng.choice(elus))))
    D.append(("Tarifs de location de la salle des fêtes",
              "Les tarifs de location de la salle des fêtes sont révisés : {} € le week-end pour les habitants de la commune (au lieu de {} €), {} € pour les extérieurs. La caution est portée à 800 €. La gratuité est maintenue pour les associations communales une fois par an.".format(
                  rng.randint(250, 350), rng.randint(200, 249), rng.randint(500, 750))))
    D.append(("Motion relative au maintien du bureau de poste",
              "Le groupe La Poste envisage de réduire les horaires d'ouverture du bureau de poste à {} demi-journées par semaine. Le conseil est invité à adopter une motion demandant le maintien des horaires actuels ou, à défaut, la création d'une agence postale communale avec compensation financière.".format(rng.randint(3, 5))))
    D.append(("Jardins familiaux - règlement intérieur",
              "La commune a aménagé {} parcelles de jardins familiaux. Il est proposé d'approuver le règlement intérieur et de fixer la redevance annuelle à {} € par parcelle, avec attribution prioritaire aux habitants de logements sans jardin.".format(rng.randint(10, 30), rng.randint(20, 60))))
    D.append(("Vidéoprotection - demande de subvention",
              "Le conseil est invité à approuver le projet d'installation de {} caméras de vidéoprotection aux entrées de la commune et sur le parking de la salle des sports, pour un coût estimé à {:_} € HT, et à solliciter une subvention au titre du Fonds interministériel de prévention de la délinquance. {} rappelle son opposition de principe et demande qu'un bilan soit présenté au bout d'un an. Le maire précise que les images seront conservées quinze jours et consultées uniquement sur réquisition.".format(
                  rng.randint(4, 12), rng.randint(40, 120) * 1000, rng.choice(elus)).replace("_", " ")))
    D.append(("Transport scolaire - participation communale",
              "La région a modifié les conditions de prise en charge du transport scolaire des collégiens. Il est proposé que la commune prenne en charge {} % de la participation familiale, soit environ {} € par élève et par an, pour les {} élèves concernés.".format(
                  rng.choice([30, 50, 100]), rng.randint(40, 110), rng.randint(25, 140))))
    D.append(("Cimetière - reprise de concessions",
              "À l'issue de la procédure réglementaire de constat d'abandon, {} concessions en état d'abandon manifeste peuvent être reprises par la commune. Les restes mortels seront déposés à l'ossuaire communal. Les tarifs des concessions sont par ailleurs actualisés : {} € pour une concession trentenaire (au lieu de {} €).".format(
                  rng.randint(8, 35), rng.randint(300, 450), rng.randint(250, 299))))
    D.append(("Forêt communale - programme de coupes",
              "Sur proposition de l'Office national des forêts, le conseil est invité à approuver l'état d'assiette des coupes pour l'année, portant sur les parcelles {} et {}, pour un volume estimé à {} m³. Le produit attendu est d'environ {:_} €, qui sera affecté à l'entretien des chemins forestiers.".format(
                  rng.randint(1, 20), rng.randint(21, 40), rng.randint(300, 1500), rng.randint(10, 60) * 1000).replace("_", " ")))
    D.append(("Logement social - garantie d'emprunt",
              "Le bailleur social {} sollicite la garantie de la commune à hauteur de {} % pour un emprunt de {:_} € contracté auprès de la Banque des Territoires, destiné à la construction de {} logements locatifs sociaux rue du Stade. {} demande si des logements seront réservés aux jeunes de la commune ; le maire indique que la commune disposera d'un contingent de réservation.".format(
                  rng.choice(["Habitat Rural", "Logis Familial", "Val de Loire Habitat"]), rng.choice([50, 100]), rng.randint(12, 40) * 100000, rng.randint(8, 24), rng.choice(elus)).replace("_", " ")))
    D.append(("Jumelage - convention de partenariat",
              "Dans le cadre du jumelage avec la commune de {}, il est proposé d'approuver une convention prévoyant des échanges scolaires annuels et une participation communale de {:_} € au voyage des élèves de CM2.".format(
                  rng.choice(["Bad Wimpfen (Allemagne)", "Castiglione (Italie)", "Ribeira (Espagne)"]), rng.randint(2, 6) * 1000).replace("_", " ")))
    n = {1: 12, 2: 14, 3: 16}[size]
    head = D[:4]
    rest = D[4:]
    rng.shuffle(rest)
    sel = head + rest[: n - 4]
    P = []
    P.append("COMMUNE DE {}\nCOMPTE RENDU DE LA SÉANCE DU CONSEIL MUNICIPAL DU {}".format(commune.upper(), date.upper()))
    P.append("L'an {}, le {}, à {} heures, le conseil municipal de la commune de {}, dûment convoqué, s'est réuni en session ordinaire à la mairie, sous la présidence de {}, maire.\nNombre de conseillers en exercice : {}. Présents : {}. Pouvoirs : {}.\nAbsents excusés : {}.\nSecrétaire de séance : {}.\nLe quorum étant atteint, le maire ouvre la séance.".format(
        date[-4:], " ".join(date.split()[:2]), rng.choice([19, 20, 20, 18]), commune, maire, n_cons, present, rng.randint(1, 3), ", ".join(rng.sample(elus, 2)), rng.choice(elus)))
    base_no = rng.randint(10, 80)
    for i, (t, body) in enumerate(sel, 1):
        P.append("Délibération n° {}-{:03d} : {}\n{}\n{}".format(date[-4:], base_no + i, t, body, vote()))
    P.append("Questions diverses\n- {} signale des problèmes de vitesse excessive route de {} ; des radars pédagogiques seront installés.\n- Le marché de Noël aura lieu le {} décembre sur la place de l'église.\n- Le maire informe le conseil de l'arrivée de la fibre optique dans les hameaux d'ici {}.\n- {} demande où en est le projet de piste cyclable vers le collège ; une réponse sera apportée lors de la prochaine séance.".format(
        rng.choice(elus), rng.choice(["Lyon", "la Forêt", "Saint-Jean", "la gare"]), rng.randint(6, 20), rng.choice(["la fin de l'année", "l'été prochain", "mars"]), rng.choice(elus)))
    P.append("L'ordre du jour étant épuisé, la séance est levée à {} h {:02d}.\nLe maire, {}\nLe secrétaire de séance".format(rng.choice([21, 22, 23]), rng.randint(0, 59), maire))
    return "\n\n".join(P), {"commune": commune}


_JA_MEMBERS = {
    "PM": ["リリース判定基準のドラフトを作成した", "移行当日の体制表を作成し、関係部署に共有した", "ベンダーの追加見積もりを精査し、減額交渉を行った", "経営会議向けの進捗報告資料を作成した", "第2フェーズのスコープ案を作成した", "問い合わせ窓口の運用フローをカスタマーサポートと合意した", "全体スケジュールを更新し、ステアリングコミッティに報告した", "ベンダーとの契約変更について法務と調整した", "リスク管理表を更新し、新たに3件のリスクを登録した",
           "営業部門とリリース時期について合意形成を行った", "予算消化状況を確認し、現時点で計画比92%であることを報告した"],
    "デザイン": ["購入完了画面のデザインを修正した", "会員マイページのワイヤーフレームを更新した", "エラーメッセージの文言をマーケと一緒に見直した", "ロゴの使用ガイドラインを改訂した", "ユーザビリティテストの結果をもとにボタン配置を変更した", "メールテンプレートのデザインを作成した", "商品詳細ページのデザインを確定した", "スマホ版ナビゲーションのプロトタイプを作成し、社内テストを実施した", "アクセシビリティ観点でカラーコントラストを見直した",
              "バナーのテンプレートを整備し、マーケ部門に共有した", "ユーザーインタビュー5件の結果をまとめた"],
    "フロントエンド": ["商品一覧ページの絞り込み機能を実装した", "購入フローのE2Eテストを自動化した", "Core Web Vitalsの計測を導入した", "会員マイページの実装を8割完了した", "多言語対応の仕組みを導入した", "QAから起票された表示系不具合を12件修正した", "カート画面の実装を完了し、単体テストを通過した", "画像の遅延読み込みを導入し、表示速度を約30%改善した", "会員登録フォームの入力チェックを強化した",
                "旧サイトからのURLリダイレクト設定を作成した", "Safariでのレイアウト崩れを修正した"],
    "バックエンド": ["受注データの夜間バッチを新基盤に移植した", "メール配信サービスとの連携を実装した", "検索エンジンのインデックス更新を差分方式に変更した", "決済のリトライ処理を見直した", "データ移行リハーサル2回目を実施し、欠落ゼロを確認した", "APIのレート制限を設定した", "在庫連携APIの改修を完了した", "決済代行会社の新APIへの切り替えを検証環境で実施した", "ポイント計算ロジックのリファクタリングを行った",
                "商品データ移行スクリプトを作成し、リハーサルを1回実施した", "管理画面の権限設定を見直した"],
    "QA": ["結合テストの第2サイクルを開始した", "回帰テストの自動化率を40%まで引き上げた", "性能試験を実施し、ピーク時の応答時間が目標内であることを確認した", "受入テストの計画を業務部門とすり合わせた", "不具合の再発傾向を分析し、レポートにまとめた", "アクセシビリティのチェックリストで全画面を確認した", "結合テストの第1サイクルを完了し、不具合を38件起票した", "決済周りのテストケースを追加した", "性能試験の計画書を作成した",
           "スマホ実機テストを15機種で実施した", "前回起票した重大不具合の修正確認を行った"],
    "マーケ": ["リニューアル記念クーポンの条件を決定した", "プレスリリースの原稿を広報と調整した", "既存会員向けの案内メールを2通作成した", "インフルエンサー施策の候補を3件選定した", "新サイトの計測タグ設計をレビューした", "アンケート結果を集計し、要望の上位5件を報告した", "リニューアル告知のメルマガ原稿を作成した", "SEO観点で旧URLと新URLの対応表をレビューした", "広告出稿スケジュールをリリース日に合わせて調整した",
            "SNSキャンペーンの企画案を作成した", "既存顧客向けアンケートを配信した（回答率12%）"],
}
_JA_ISSUES = [
    "決済代行会社の新APIで、3Dセキュア認証後のリダイレクトが一部ブラウザで失敗する事象が発生している。",
    "商品データ移行のリハーサルで、約1,200件の商品画像が欠落した。原因は旧システムのファイル名の文字コード。",
    "結合テストの不具合件数が想定を上回っており、修正が追いついていない。",
    "営業部門から、法人向け見積機能を今回のリリースに含めてほしいとの要望があった。",
    "検証環境のサーバー性能が本番より低く、性能試験の結果が参考値にしかならない。",
    "デザイン確定の遅れにより、フロントエンドの実装着手が3日遅れている。",
    "マーケ部門の広告出稿がリリース日確定を前提としており、日程変更の影響が大きい。",
    "ベンダー側の担当者が交代し、引き継ぎ不足で回答が遅れている。",
    "本番切替当日の作業時間が想定の6時間に収まらない可能性がある。",
    "旧サイトの会員パスワードを移行できないため、全会員に再設定を依頼する必要がある。",
    "問い合わせ窓口の人員がリリース直後の増加に対応できるか不明。",
]
_JA_DECISIONS = [
    "法人向け見積機能は今回のスコープ外とし、第2フェーズで対応する。",
    "3Dセキュアの不具合が解消するまでは、旧APIとの並行稼働を継続する。",
    "データ移行リハーサルを追加で1回実施する。",
    "不具合修正を優先するため、新規の追加要望は原則受け付けない（変更管理プロセスを通すこと）。",
    "性能試験は本番相当の環境を1週間だけ借りて実施する。費用はPMが予算内で調整する。",
    "リリース日を{}に確定する。",
    "週次の定例に加え、火曜・木曜に15分の不具合トリアージを行う。",
    "会員パスワードは移行せず、初回ログイン時に再設定を案内する。案内文はマーケが作成する。",
    "本番切替は土曜深夜に実施し、切替手順のリハーサルを事前に2回行う。",
    "リリース後2週間はサポート窓口を2名増員する。",
]
_JA_COMMENTS = [
    "不具合の件数は減ってきているが、重大度の高いものが決済周りに集中しているのが気になる。",
    "スケジュールに余裕がないので、仕様の細かい変更はリリース後に回すべきではないか。",
    "ベンダーからの回答待ちが多く、こちらで判断できない項目が溜まっている。期限を切って催促したい。",
    "営業からの要望は理解できるが、今入れると全体が遅れる。経営層に判断を仰ぐべき。",
    "移行リハーサルの結果を見る限り、当日の作業時間はもう少し見積もりに余裕を持たせた方がよい。",
    "テスト環境と本番環境の差異を一覧にしておかないと、本番で想定外の事象が起きるリスクがある。",
    "ユーザーテストでは新しいナビゲーションの評価は概ね良好だったが、年配の方は迷う場面があった。",
    "リリース告知のタイミングは、判定会議の結果を見てから最終決定したい。",
    "サポート窓口向けのFAQを早めに準備しておかないと、リリース直後に問い合わせが集中する。",
    "性能試験の結果は目標内だが、セール時のアクセスを想定するとキャッシュ設計を再確認したい。",
    "不具合トリアージを週2回にしてから、修正の優先順位が明確になり、手戻りが減った。",
    "第2フェーズに回した機能について、営業部門への説明資料を作っておく必要がある。",
]

_JA_NAMES = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田"]


def gen_ja_minutes(rng, size=1):
    """JA: several weekly project meeting minutes for an e-commerce site renewal."""
    proj = rng.choice(["ECサイトリニューアルプロジェクト", "会員サイト刷新プロジェクト", "オンラインストア移行プロジェクト"])
    roles = list(_JA_MEMBERS)
    names = rng.sample(_JA_NAMES, len(roles))
    who = dict(zip(roles, names, strict=True))
    import datetime as _dt
    d0 = _dt.date(rng.choice([2024, 2025]), rng.randint(4, 9), rng.randint(1, 20))
    release = d0 + _dt.timedelta(days=rng.randint(50, 80))
    rel = "{}月{}日".format(release.month, release.day)
    n_meet = {1: 6, 2: 7, 3: 8}[size]
    P = ["{} 定例会議 議事録（第{}回〜第{}回）".format(proj, 8, 8 + n_meet - 1)]
    todo_no = 1
    used = {r: set() for r in roles}
    issues = rng.sample(_JA_ISSUES, min(len(_JA_ISSUES), n_meet + 1))
    decs = rng.sample(_JA_DECISIONS, min(len(_JA_DECISIONS), n_meet))
    for k in range(n_meet):
        d = d0 + _dt.timedelta(days=7 * k)
        start_h = rng.choice([10, 14, 16])
        sec = ["■ 第{}回定例会議".format(8 + k),
               "日時：{}年{}月{}日（{}）{}:00〜{}:{}".format(d.year, d.month, d.day, "月火水木金土日"[d.weekday()], start_h, start_h + 1, rng.choice(["00", "15", "30"])),
               "場所：{}".format(rng.choice(["本社5F会議室A", "オンライン（Teams）", "本社3F会議室＋オンライン"])),
               "出席者：" + "、".join("{}（{}）".format(who[r], r) for r in roles if rng.random() < 0.9) + "、{}（ベンダー）".format(rng.choice(["株式会社ネクストウェブ 木村様", "ソリューションズ株式会社 松本様"])),
               "",
               "1. 前回ToDoの確認"]
        sec.append("前回のToDoはすべて完了。" if k == 0 or rng.random() < 0.4 else "前回ToDo {}件のうち{}件完了。未完了分は期限を{}日延長。".format(rng.randint(3, 5), rng.randint(1, 3), rng.randint(2, 7)))
        sec.append("2. 各担当からの報告")
        for r in roles:
            avail = [x for x in _JA_MEMBERS[r] if x not in used[r]]
            if len(avail) < 2:
                avail = list(_JA_MEMBERS[r])
            items = rng.sample(avail, 2)
            used[r].update(items)
            s = "・{}（{}）：{}。また、{}。".format(r, who[r], items[0], items[1])
            if rng.random() < 0.25:
                s += rng.choice(["進捗は予定どおり。", "作業が約2日遅れている。", "他チームの対応待ちの項目がある。", "工数が逼迫しており、応援が必要。"])
            sec.append(s)
        sec.append("3. 議論内容")
        for c in rng.sample(_JA_COMMENTS, 3):
            sec.append("・{}：{}".format(who[rng.choice(roles)], c))
        sec.append("4. 課題・リスク")
        sec.append("・" + issues[k])
        if rng.random() < 0.5:
            sec.append("・" + issues[k + 1] + "（継続検討）")
        sec.append("5. 決定事項")
        sec.append("・" + decs[k].format(rel))
        if k == n_meet - 1 and "リリース日" not in decs[k]:
            sec.append("・リリース日は{}で変更なし。リリース判定会議をその1週間前に開催する。".format(rel))
        sec.append("6. ToDo")
        for _ in range(rng.randint(2, 4)):
            r = rng.choice(roles)
            due = d + _dt.timedelta(days=rng.randint(3, 10))
            sec.append("・No.{} {}：{}（期限：{}/{}）".format(todo_no, who[r], rng.choice([
                "不具合の修正と再テスト", "移行手順書の更新", "ステークホルダーへの報告資料作成", "ベンダーへの問い合わせと回答共有", "テスト環境の手配",
                "告知スケジュールの再調整", "ユーザーマニュアルの改訂", "本番切替手順のレビュー", "性能試験結果のまとめ"]), due.month, due.day))
            todo_no += 1
        sec.append("次回：{}月{}日 同時刻".format((d + _dt.timedelta(days=7)).month, (d + _dt.timedelta(days=7)).day))
        P.append("\n".join(sec))
    P.append("以上\n記録者：{}".format(who["PM"]))
    return "\n\n".join(P), {"release": rel}


# ---------------------------------------------------------------------------
# long_context (50): generator, lang, size, where the ask goes, ask, optional intro
# ---------------------------------------------------------------------------
GENS = {
    "msa": gen_msa, "earnings": gen_earnings, "trial": gen_trial, "research": gen_research, "postmortem": gen_postmortem,
    "emails": gen_emails, "zh_minutes": gen_zh_minutes, "zh_handbook": gen_zh_handbook, "es_lease": gen_es_lease,
    "de_weg": gen_de_weg, "fr_conseil": gen_fr_conseil, "ja_minutes": gen_ja_minutes,
    "earnings_pair": gen_earnings_pair, "postmortem_set": gen_postmortem_set,
}

LONG_SPECS = [
    # --- English (20) ---
    ("msa", "en", 1, "end", "My boss wants a quick read on this vendor contract before legal looks at it. We are the customer ({customer}). Can you summarize the key commercial terms (price, term, renewal, termination, liability cap) in bullets and flag anything that looks unfavorable to us?", "here's the contract:"),
    ("msa", "en", 1, "start", "Does this agreement allow the vendor to use our data to train their AI models? Quote the exact clause(s) and tell me what we should ask them to change, if anything.", None),
    ("msa", "en", 1, "end", "if we want out after the first year, what exactly do we have to do and what would it cost us? be specific about notice periods and fees", None),
    ("msa", "en", 1, "multi", "ok here it is. main question: what happens if their platform goes down a lot? walk me through the SLA credits and whether we can terminate because of it", None),
    ("earnings", "en", 2, "end", "Summarize this earnings call in 8 bullet points for someone who didn't listen. Include the guidance numbers and whether guidance went up or down.", "Transcript below."),
    ("earnings", "en", 3, "start", "What were analysts most worried about on this call, and how convincing were management's answers? Go question by question.", None),
    ("earnings_pair", "en", 3, "end", "These are the last two quarterly calls. What changed between them in guidance, margins and management's tone? Put the numbers side by side in a table, then give me your read in 3-4 sentences.", None),
    ("earnings", "en", 2, "end", "I own a decent chunk of this stock. Is there anything in this transcript that should make me nervous? Keep it short, no fluff.", "{company} just reported, transcript pasted here:"),
    ("trial", "en", 1, "end", "Explain the results of this study to me like I'm a patient who was just offered this. Did it actually work, and were there side effects I should worry about?", "My doctor sent me this paper."),
    ("trial", "en", 1, "start", "What are the main limitations of this trial? Could the result be explained by bias or chance? Be critical.", None),
    ("trial", "en", 1, "end", "Was the primary outcome statistically significant? Give me the effect size and 95% CI exactly as reported, and the sample size per arm.", None),
    ("trial", "en", 1, "end", "I'm presenting this at journal club tomorrow morning. Give me a one-slide summary in PICO format, plus 3 sharp critical-appraisal questions to ask the room.", None),
    ("research", "en", 2, "end", "Based on these interview notes, what are the top 3 pain points? Give one supporting quote for each and say how many participants mentioned it.", None),
    ("research", "en", 4, "start", "Which customer segment should we target first for the MVP, and why? Use evidence from the notes below, and point out where the evidence is weak.", None),
    ("research", "en", 1, "end", "turn this into a one-page exec summary for our board meeting on thursday. plain language, no jargon", "pasting our research doc"),
    ("postmortem", "en", 1, "start", "From the timeline below, how long did it take us to detect, to mitigate, and to fully resolve? Give the timestamps you used. Then write a short customer-facing summary (under 150 words, no internal names).", None),
    ("postmortem_set", "en", 3, "start", "Below are all the postmortems from last quarter. What recurring patterns do you see across them, and which 3 systemic fixes would prevent the most future incidents? Reference the incidents by number.", None),
    ("postmortem", "en", 2, "end", "list all the action items as a markdown table with owner, due date, and whether each one addresses detection, mitigation or prevention. then tell me which important gap none of them covers", None),
    ("emails", "en", 1, "end", "I'm just back from two weeks off and got cc'd on this whole thread. What's been decided, what's still open, and is anything waiting on me? (I'm {me})", None),
    ("emails", "en", 2, "end", "Can you draft a reply from me ({organizer}) to the whole group that confirms the venue and dates, and asks everyone for final headcount and laptop-setup needs by Friday?", "Thread below, newest message first."),
    # --- Chinese (10) ---
    ("zh_minutes", "zh", 1, "end", "以上是我们项目组最近几周的周会纪要，帮我整理一份给老板看的月度汇报，重点写进展、风险和下个月计划，500字以内。", None),
    ("zh_minutes", "zh", 2, "end", "帮我把纪要里所有的待办事项按负责人整理成表格，并标出哪些可能已经拖期了。", "纪要如下："),
    ("zh_minutes", "zh", 1, "start", "请问支付相关的问题前后是怎么演变的？原因是什么，最后是怎么解决的？请根据下面的会议纪要回答。", None),
    ("zh_minutes", "zh", 3, "end", "总结一下这几周测试和质量方面暴露的主要问题，并给出三条改进建议。", None),
    ("zh_minutes", "zh", 2, "start", "下面是会议纪要。帮我看看哪个成员或者哪个环节是目前的瓶颈，依据是什么？", None),
    ("zh_handbook", "zh", 1, "end", "我入职这家公司刚满两年，之前在别的公司工作过三年。根据上面的员工手册，我今年有几天年假？没休完的能不能顺延或者折现？", None),
    ("zh_handbook", "zh", 2, "start", "公司手册太长了实在看不下去，帮我总结成十条新员工最需要知道的要点。", None),
    ("zh_handbook", "zh", 1, "end", "我下个月要去上海出差五天，职级是P5。按照这份手册，住宿和餐补标准分别是多少？报销需要准备什么材料、多久之内要交？", "这是我们公司的员工手册："),
    ("zh_handbook", "zh", 2, "end", "这份手册里关于离职和年终奖的规定，有没有不合理或者可能违反劳动法的地方？请逐条说明。", None),
    ("zh_handbook", "zh", 1, "multi", "就是下面这份。我想问：请病假和婚假分别需要走什么流程、提交什么材料？病假工资怎么算？", None),
    # --- Spanish (4) ---
    ("es_lease", "es", 1, "end", "Me acaban de mandar este contrato de alquiler para firmar. ¿Puedo irme antes del primer año? ¿Qué penalización tendría exactamente?", None),
    ("es_lease", "es", 1, "start", "¿Quién tiene que pagar las reparaciones según este contrato? Hazme una lista de lo que me toca a mí como inquilino y lo que le toca al casero.", None),
    ("es_lease", "es", 2, "end", "Resume el contrato en 10 puntos y dime si hay alguna cláusula que pueda ser abusiva o contraria a la LAU.", "Hola, os pego el contrato:"),
    ("es_lease", "es", 1, "start", "Revisa el inventario del anexo y dime qué cosas están marcadas con desperfectos, para hacerles fotos el día de la entrada de llaves.", None),
    # --- German (3) ---
    ("de_weg", "de", 2, "end", "Ich war bei der Eigentümerversammlung nicht dabei. Was wurde beschlossen, und was kostet mich die Dachsanierung, wenn meine Wohnung 42/1.000 Miteigentumsanteile hat?", "Protokoll kam heute per Post, hier abgetippt:"),
    ("de_weg", "de", 1, "start", "Fasse das Protokoll in Stichpunkten zusammen – nur die Beschlüsse mit Abstimmungsergebnis, ob angenommen oder abgelehnt.", None),
    ("de_weg", "de", 3, "end", "Gibt es in diesem Protokoll Punkte, die formal angreifbar sein könnten (Beschlussfähigkeit, Einladung, Mehrheiten)? Und welche Fristen muss ich beachten, wenn ich anfechten will?", None),
    # --- French (3) ---
    ("fr_conseil", "fr", 1, "end", "Résume les décisions prises lors de ce conseil municipal, en particulier tout ce qui concerne l'école et la cantine.", None),
    ("fr_conseil", "fr", 2, "start", "Quelles subventions aux associations ont été votées, et pour quels montants ? Fais-moi un tableau trié par montant.", None),
    ("fr_conseil", "fr", 3, "end", "Je suis correspondante pour le journal local. Propose-moi un angle d'article à partir de ce compte rendu, avec les trois informations les plus importantes pour les habitants.", "Voici le CR de la dernière séance :"),
    # --- Japanese (3) ---
    ("ja_minutes", "ja", 2, "start", "以下の議事録から、決定事項とToDo（担当者・期限付き）を一覧表にまとめてください。", None),
    ("ja_minutes", "ja", 2, "end", "この議事録を読んで、プロジェクトの主なリスクと遅延の原因を300字程度で要約してください。", None),
    ("ja_minutes", "ja", 3, "end", "上司に報告するので、これまでの定例会議の内容を箇条書きで簡潔にまとめてもらえますか。リリース日が守れそうかどうかも一言お願いします。", "お疲れさまです。議事録を貼ります。"),
    # --- other languages, English source documents (10) ---
    ("trial", "ru", 1, "end", "Перескажи по-русски, что показало это исследование, и насколько можно доверять результатам. Я не врач, объясни попроще.", "Вот статья, которую мне скинули:"),
    ("postmortem", "ru", 1, "end", "Это наш внутренний постмортем. Объясни простыми словами для руководства (по-русски), что случилось, какой был ущерб и почему это не повторится.", None),
    ("earnings", "pt", 2, "end", "Resume em português os principais pontos dessa teleconferência de resultados e diz se a empresa elevou, manteve ou reduziu a projeção para o ano.", None),
    ("research", "pt", 2, "start", "Resuma em português os principais achados desta pesquisa com usuários e sugira 3 próximos passos concretos para o time de produto.", None),
    ("trial", "ko", 1, "end", "이 논문 핵심만 한국어로 요약해줘. 연구 설계, 주요 결과(수치 포함), 부작용 위주로 부탁해", None),
    ("emails", "it", 2, "end", "Riassumi in italiano questa catena di email: dove e quando si fa l'offsite, il budget, e cosa manca ancora da decidere.", None),
    ("msa", "pl", 1, "start", "Jestem kierownikiem zakupów po stronie klienta. Poniżej umowa od dostawcy (po angielsku). Wypisz po polsku najważniejsze ryzyka dla nas i co warto renegocjować przed podpisaniem.", None),
]

LONG_MULTI_OPENERS = {
    ("msa", "en"): [("user", "I'm about to sign a SaaS contract for our company and I'm not a lawyer. Can I paste the whole thing here and ask you some questions?"),
                    ("assistant", "Of course. Paste the full agreement, including any order form or exhibits, and tell me which side you're on and what you're most worried about. I'll point out the relevant clauses, but for anything high-stakes you should still have a lawyer review it.")],
    ("zh_handbook", "zh"): [("user", "我想问一些公司制度方面的问题，可以先把员工手册发给你吗？比较长"),
                            ("assistant", "可以的，请直接把员工手册全文发过来，然后告诉我你想了解的具体问题，我会根据手册内容帮你解答，并标注对应的条款。")],
}


def build_long_items():
    out = []
    for idx, (gname, lang, size, where, ask, intro) in enumerate(LONG_SPECS):
        rng = Rng("long-{}-{}-{}".format(idx, gname, lang))
        doc, meta = GENS[gname](rng, size)
        ask_f = ask.format(**meta)
        intro_f = intro.format(**meta) if intro else None
        if where == "start":
            sep = rng.choice(["\n\n", "\n\n---\n\n", "\n\n\"\"\"\n"])
            prompt = ask_f + sep + doc + ("\n\"\"\"" if sep.endswith('"""\n') else "")
        else:
            head = (intro_f + "\n\n") if intro_f else ""
            prompt = head + doc + "\n\n" + ask_f
        if where == "multi":
            prompt = ask_f + "\n\n" + doc
        item = {"label": "long_context", "lang": lang, "prompt": prompt}
        if where == "multi":
            turns = LONG_MULTI_OPENERS[(gname, lang)] + [("user", prompt)]
            item["messages"] = [{"role": r, "content": c} for r, c in turns]
        item["_source"] = gname
        out.append(item)
    return out


# ---------------------------------------------------------------------------
# assembly, validation, output
# ---------------------------------------------------------------------------
LANG_NAMES = {
    "en": "English", "zh": "Chinese", "es": "Spanish", "fr": "French", "de": "German", "ja": "Japanese", "ko": "Korean",
    "ru": "Russian", "pt": "Portuguese", "it": "Italian", "tr": "Turkish", "id": "Indonesian", "nl": "Dutch", "pl": "Polish",
    "th": "Thai", "ar": "Arabic",
}
DOC_LANG = {"msa": "en", "earnings": "en", "trial": "en", "research": "en", "postmortem": "en", "emails": "en",
            "zh_minutes": "zh", "zh_handbook": "zh", "es_lease": "es", "de_weg": "de", "fr_conseil": "fr", "ja_minutes": "ja",
            "earnings_pair": "en", "postmortem_set": "en"}
DOC_DESC = {
    "msa": "SaaS master services agreement + order form", "earnings": "quarterly earnings-call transcript",
    "trial": "randomized clinical trial article", "research": "user-research interview synthesis",
    "postmortem": "incident postmortem (timeline, root cause, actions)", "emails": "email thread planning a company offsite",
    "zh_minutes": "项目周例会纪要汇总 (project weekly minutes)", "zh_handbook": "员工手册 (employee handbook)",
    "es_lease": "contrato de arrendamiento de vivienda + inventario", "de_weg": "Protokoll einer Eigentümerversammlung (WEG)",
    "fr_conseil": "compte rendu de conseil municipal", "ja_minutes": "定例会議 議事録 (project meeting minutes)",
    "earnings_pair": "two consecutive earnings-call transcripts", "postmortem_set": "a quarter's worth of postmortems",
}


def _check_no_repeated_paragraphs(text, where):
    # e-mail headers and attendee lists legitimately repeat; prose paragraphs must not
    seen = Counter(p.strip() for p in text.split("\n")
                   if len(p.strip()) >= 60 and not p.startswith(("From: ", "To: ", "Subject: ", "Date: ", "出席者：")))
    worst = seen.most_common(1)
    if worst and worst[0][1] > 2:
        raise SystemExit("{}: paragraph repeated {} times: {!r}".format(where, worst[0][1], worst[0][0][:80]))


def build():
    short = [dict(it) for it in ITEMS]
    longs = build_long_items()
    items = short + longs
    # ---- validation ----
    by_label = Counter(it["label"] for it in items)
    assert set(by_label) == set(LABELS), by_label
    for lab in LABELS:
        assert by_label[lab] == PER_LABEL, (lab, by_label[lab])
    prompts = set()
    for it in items:
        assert it["lang"] in LANG_NAMES, it["lang"]
        assert it["prompt"] and it["prompt"] not in prompts, it["prompt"][:60]
        prompts.add(it["prompt"])
        if "messages" in it:
            assert it["messages"][-1]["role"] == "user" and it["messages"][-1]["content"] == it["prompt"]
            assert all(m["role"] in ("user", "assistant") for m in it["messages"])
        n = len(it["prompt"])
        if it["label"] == "long_context":
            if not (LONG_MIN <= n <= LONG_MAX):
                raise SystemExit("long_context prompt ({}) has {} chars".format(it.get("_source"), n))
            _check_no_repeated_paragraphs(it["prompt"], it.get("_source"))
        else:
            assert n < 3000, (it["label"], n, it["prompt"][:60])
    docs = Counter(it["_source"] for it in longs)
    assert len(docs) >= 8 and len({DOC_LANG[d] for d in docs}) >= 4
    # ---- deterministic interleaving + ids ----
    order = list(range(len(items)))
    Rng("detector-holdout-order-v1").shuffle(order)
    rows = []
    for k, i in enumerate(order, 1):
        it = items[i]
        row = {"id": "ho-{:03d}".format(k), "prompt": it["prompt"], "label": it["label"], "lang": it["lang"]}
        if "messages" in it:
            row["messages"] = it["messages"]
        rows.append((row, it.get("_source")))
    return rows


def write_jsonl(rows):
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r, _ in rows)
    with open(OUT_JSONL, "w", encoding="utf-8", newline="\n") as f:
        f.write(data)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def write_readme(rows, sha):
    labels = LABELS
    langs = sorted({r["lang"] for r, _ in rows}, key=lambda lg: (-sum(1 for x, _ in rows if x["lang"] == lg), lg))
    cnt = Counter((r["label"], r["lang"]) for r, _ in rows)
    total_lang = Counter(r["lang"] for r, _ in rows)
    multi = Counter(r["label"] for r, _ in rows if "messages" in r)
    L = []
    L.append("# Detector hold-out set (blind)")
    L.append("")
    L.append("`detector-holdout.jsonl` is a labelled test set for the task-type detector. It was written")
    L.append("**without looking at the detector** (its source, rules, vocabulary, tests, docs) **or at the existing")
    L.append("dev set**, and the detector was never run while writing it. Its only purpose is to estimate how the")
    L.append("detector does on real traffic.")
    L.append("")
    L.append("## Rules of use")
    L.append("")
    L.append("- **Never use this set to tune the detector**: no adding keywords, thresholds, rules or examples")
    L.append("  because of an item here, no copying items into the dev set, no picking between detector versions")
    L.append("  by their score on it again and again. Look at per-item mistakes only after a change is frozen.")
    L.append("- If someone does tune on it, it stops being a hold-out: write a new one (new author, new wording)")
    L.append("  and retire this one.")
    L.append("- Report accuracy (and per-label / per-language numbers) with the sample size; with 50 items per")
    L.append("  label one item is 2 points, so differences of a few points are noise.")
    L.append("")
    L.append("## Format")
    L.append("")
    L.append("One JSON object per line: `id` (`ho-001`...`ho-300`), `prompt`, `label`, `lang` (ISO 639-1 code of the")
    L.append("language the user writes in), and for multi-turn items `messages` (`role`/`content` list; the last user")
    L.append("message is identical to `prompt`). Labels: `code`, `long_context`, `reasoning`, `simple`, `creative`,")
    L.append("`data_analysis`. Each item carries one label: what the user *mainly* wants.")
    L.append("")
    L.append("## How it was made")
    L.append("")
    L.append("- `build_holdout.py` (stdlib only, deterministic; its own tiny PRNG, so the output does not depend on")
    L.append("  the Python version) writes both the JSONL and this README. Re-run: `python3 holdout/build_holdout.py`.")
    L.append("- Short items (250) were written by hand as literal data in the script, in the style people really type")
    L.append("  into a chat assistant: mixed length, politeness, typos, slang, code/log/table pastes, and domains such as")
    L.append("  medicine, law, finance, gaming, school, DevOps, cooking, travel, sales and HR. Some are deliberately")
    L.append("  ambiguous but decidable (e.g. \"write pandas code for this CSV\" is `code`; \"here is my bank export, what %")
    L.append("  went to food\" is `data_analysis`; \"write a cold email pitching our software\" is `creative`; \"quick: 18% tip")
    L.append("  on $86.40\" is `simple`; a job-offer comparison is `reasoning`).")
    L.append("- The 50 `long_context` prompts are assembled by document generators that vary names, numbers, clause")
    L.append("  variants, section selection and order from a seed, so no two long prompts share a document and no")
    L.append("  paragraph is repeated to pad length (the script checks this). The question sits at the end or at the")
    L.append("  start of the prompt; two are multi-turn. For Russian, Portuguese, Korean, Italian and Polish long items the")
    L.append("  pasted document is English and the request is in the user's language (`lang` = the user's language).")
    L.append("- The script asserts: 50 items per label, unique prompts, `long_context` prompts of {:,}-{:,} characters,".format(LONG_MIN, LONG_MAX))
    L.append("  all other prompts under 3,000 characters, and `messages[-1]` equal to `prompt`.")
    L.append("")
    L.append("Long-document generators used:")
    L.append("")
    L.append("| generator | document | doc language | items | prompt chars (min-max) |")
    L.append("|---|---|---|---|---|")
    srcs = Counter(s for _, s in rows if s)
    for s in sorted(srcs, key=lambda x: (DOC_LANG[x], x)):
        lens = [len(r["prompt"]) for r, src in rows if src == s]
        L.append("| {} | {} | {} | {} | {:,}-{:,} |".format(s, DOC_DESC[s], DOC_LANG[s], srcs[s], min(lens), max(lens)))
    ll = sorted(len(r["prompt"]) for r, _ in rows if r["label"] == "long_context")
    L.append("")
    L.append("long_context prompt length: min {:,}, median {:,}, max {:,} characters.".format(ll[0], ll[len(ll) // 2], ll[-1]))
    L.append("")
    L.append("## Counts (computed by the script)")
    L.append("")
    L.append("| label | " + " | ".join(langs) + " | total | multi-turn |")
    L.append("|---|" + "---|" * (len(langs) + 2))
    for lab in labels:
        L.append("| {} | {} | {} | {} |".format(lab, " | ".join(str(cnt[(lab, lg)]) for lg in langs),
                                                sum(cnt[(lab, lg)] for lg in langs), multi[lab]))
    L.append("| **total** | {} | {} | {} |".format(" | ".join(str(total_lang[lg]) for lg in langs), len(rows), sum(multi.values())))
    L.append("")
    L.append("Languages: " + ", ".join("{} {} ({:.0%})".format(LANG_NAMES[lg], total_lang[lg], total_lang[lg] / len(rows)) for lg in langs) + ".")
    L.append("")
    L.append("SHA-256 of `detector-holdout.jsonl`: `{}`".format(sha))
    L.append("")
    with open(OUT_README, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(L))


def main():
    rows = build()
    sha = write_jsonl(rows)
    write_readme(rows, sha)
    c = Counter(r["label"] for r, _ in rows)
    print("wrote {} items to {}".format(len(rows), OUT_JSONL))
    print("labels:", dict(sorted(c.items())))
    print("langs:", dict(Counter(r["lang"] for r, _ in rows).most_common()))
    print("sha256:", sha)


if __name__ == "__main__":
    main()

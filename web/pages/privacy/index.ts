export { myDataPage, confirmErasurePage, erasedPage, type MyDataView } from './my-data.pages';

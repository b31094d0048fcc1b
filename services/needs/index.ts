export { createNeed, getNeed, listNeeds, updateNeed, deleteNeed, type NeedPage } from './need.service';
export { loadNeedIndex, type NeedIndex } from './need-index';
export { detectLanguage } from './detect-language';
